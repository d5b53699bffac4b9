import { Writable } from "node:stream";
import type { ReactElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { scriptSafeJson } from "./qa-jsonld.server";

export interface RenderOptions {
  nonce: string;
  /** The response's status so far: an error React meets in a boundary makes it 500. */
  status: number;
  /** How long a streaming render may wait for what it suspended on. */
  abortDelayMs: number;
}

export interface RenderedPage {
  markup: string;
  status: number;
}

/**
 * The page's HTML in one string. renderToString joins the thousands of small strings a page is made
 * of, where the streaming renderer encodes each into bytes on its own (issue 14: a tenth of a
 * signed-in page's CPU). It refuses a component that suspends (a lazy module not yet loaded, just
 * after start): such a page is rendered by the streaming renderer, which waits for it.
 */
export async function renderWhole(page: ReactElement, options: RenderOptions): Promise<RenderedPage> {
  try {
    return { markup: renderToString(page), status: options.status };
  } catch (error) {
    if (!isSuspension(error)) throw error;
    return renderStreaming(page, options);
  }
}

/** The scripts that hand the loader data to the browser's Remix, as its StreamTransfer writes them. */
export async function hydrationDataScripts(stream: ReadableStream<Uint8Array> | undefined, nonce: string): Promise<string> {
  if (!stream) return "";
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  const script = (code: string) => `<script nonce="${nonce}">${code}</script>`;
  return (
    (text ? script(`window.__remixContext.streamController.enqueue(${scriptSafeJson(text)});`) : "") +
    script("window.__remixContext.streamController.close();")
  );
}

// renderToString refuses a component that suspends outside a Suspense boundary with this error.
function isSuspension(error: unknown): boolean {
  return error instanceof Error && /suspended while responding to synchronous input/i.test(error.message);
}

function renderStreaming(page: ReactElement, { nonce, status, abortDelayMs }: RenderOptions): Promise<RenderedPage> {
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let responseStatusCode = status;
    // Declared before rendering starts, so that no callback can meet it uninitialized.
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const chunks: Buffer[] = [];
    const collected = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve({ markup: Buffer.concat(chunks).toString("utf8"), status: responseStatusCode });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        clearTimeout(timeout);
        pipe(collected);
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
    });
    timeout = setTimeout(abort, abortDelayMs);
  });
}
