import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { NonceProvider } from "~/utils/nonce";
import { ServerDocumentProvider } from "~/utils/server-document";
import { hydrationDataScripts, renderWhole } from "~/utils/render-whole.server";
import { wholeResponse } from "~/utils/whole-response";
import { EmbedDocument } from "~/components/embed-document.server";
import { EmbedDocumentProvider } from "~/utils/embed-slot";
import { keepTimeTexts } from "~/utils/time-texts.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

// The times on every page are formatted from what the server keeps (app/utils/time-texts.server.ts).
keepTimeTexts();

/**
 * Each page is rendered whole, to a string (app/utils/render-whole.server.tsx), and sent with its
 * length (issue 14: signed-in pages' CPU). The loader data for hydration is Remix's single-fetch
 * stream, which its <RemixServer> writes out through suspending components, one chunk at a time:
 * it is read here instead (the loaders have answered, so it ends at once) and written after the
 * document as the same scripts, which feed the stream the browser's Remix reads.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // <RemixServer> writes the stream itself when it has one.
  const hydrationStream = remixContext.serverHandoffStream;
  remixContext.serverHandoffStream = undefined;
  const page = (
    <NonceProvider value={nonce}>
      <ServerDocumentProvider value={loadContext.document}>
        <EmbedDocumentProvider value={EmbedDocument}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </EmbedDocumentProvider>
      </ServerDocumentProvider>
    </NonceProvider>
  );
  const rendered = await renderWhole(page, { nonce, status: responseStatusCode, abortDelayMs: ABORT_DELAY });
  // A document without <Scripts> (the widget's panel) is not hydrated: it gets no loader data.
  let hydrationData = "";
  if (remixContext.renderMeta?.didRenderScripts) hydrationData = await hydrationDataScripts(hydrationStream, nonce);
  else await hydrationStream?.cancel();
  const body = Buffer.from(`${rendered.markup.startsWith("<!DOCTYPE") ? "" : "<!DOCTYPE html>"}${rendered.markup}${hydrationData}`);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Whole, so its length is known: no chunked encoding (compression, where it applies, drops it).
  responseHeaders.set("Content-Length", String(body.length));
  return wholeResponse(body, { headers: responseHeaders, status: rendered.status });
}
