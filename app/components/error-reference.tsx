import { createContext, useContext } from "react";

// The reference id of an unexpected error that happened while this page was rendered on the server (entry.server.tsx
// logs the details under it): the error page shows it, so that a person can quote it and we can find the log line.
const ErrorReferenceContext = createContext<string | undefined>(undefined);
export const ErrorReferenceProvider = ErrorReferenceContext.Provider;
export const useErrorReference = () => useContext(ErrorReferenceContext);
