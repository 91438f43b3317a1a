// When cookies are Secure (__Host-): an https site address decides; without one, production unless it serves the demo
// (the README's `npm start` on http://localhost must let a browser or a script sign in over plain HTTP).
import { describe, expect, it } from "vitest";
import { readEnv, secureCookies } from "~/lib/env.server";

describe("secureCookies", () => {
  it.each([
    [{ NODE_ENV: "production" }, true],
    [{ NODE_ENV: "production", DEMO_DATA: "1" }, false],
    [{ NODE_ENV: "production", DEMO_DATA: "1", APP_URL: "https://pitch.example.jp" }, true],
    [{ NODE_ENV: "production", APP_URL: "http://10.0.0.5:3000" }, false],
    [{ NODE_ENV: "development" }, false],
    [{ NODE_ENV: "development", APP_URL: "https://staging.example.jp" }, true],
  ] as const)("%o → %s", (source, secure) => {
    expect(secureCookies(readEnv(source))).toBe(secure);
  });
});
