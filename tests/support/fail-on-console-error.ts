// Setup file of every test file: a console.error that the test did not expect (allowConsoleError) fails it.
import { failOnConsoleError } from "./console";

failOnConsoleError();
