import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce";
import { ServerDocumentProvider } from "~/utils/server-document";
import { EmbedDocument } from "~/components/embed-document.server";
import { EmbedDocumentProvider } from "~/utils/embed-slot";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Each page is sent whole, once React has rendered all of it (issue 14: signed-in pages' CPU).
 * Nothing on the server suspends for long (lazy components are loaded at start; loaders return plain
 * data), so a shell sent early would arrive only moments before the rest, while streaming it costs
 * every request a stream per page and a socket write per 2 KB chunk React emits.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Declared before rendering starts, so that no callback can meet it uninitialized.
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const chunks: Buffer[] = [];
    const page = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        const body = Buffer.concat(chunks);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // Whole, so its length is known: no chunked encoding (compression, where it applies, drops it).
        responseHeaders.set("Content-Length", String(body.length));
        resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerDocumentProvider value={loadContext.document}>
          <EmbedDocumentProvider value={EmbedDocument}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </EmbedDocumentProvider>
        </ServerDocumentProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(timeout);
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error in the shell is Remix's to report (onShellError); one in a boundary is only logged.
          if (shellRendered) console.error(error);
        },
      },
    );
    timeout = setTimeout(abort, ABORT_DELAY);
  });
}
