import { type AppLoadContext, type EntryContext, createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { ErrorReferenceProvider } from "~/components/error-reference";
import { NonceProvider } from "~/components/nonce";
import { dropNulBytes } from "~/lib/html-stream.server";
import { logUnexpectedError, newReferenceId } from "~/web/http.server";

export { prepareServer, stopServer } from "~/startup/startup.server";

const ABORT_DELAY = 5_000;

/**
 * The reference id of the unexpected error logged for a request (handleError), so that the error page rendered for the
 * same request shows it. Loaders and actions answer their own 500s with an id (web/http.server.ts `handle`); this
 * covers what happens outside them (a component that throws while rendering).
 */
const referenceIds = new WeakMap<Request, string>();

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext?.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ErrorReferenceProvider value={referenceIds.get(request)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </ErrorReferenceProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = dropNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logUnexpectedError(referenceIds.get(request) ?? newReferenceId(), error, request);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** Remix calls this for what a loader, an action or a render threw that was not a Response: log it under an id. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  const referenceId = referenceIds.get(request) ?? newReferenceId();
  referenceIds.set(request, referenceId);
  logUnexpectedError(referenceId, error, request);
}
