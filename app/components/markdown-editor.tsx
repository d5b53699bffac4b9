import { useEffect, useRef, useState } from "react";

export const PREVIEW_ACTION = "/resources/markdown-preview";

interface LivePreview {
  html: string;
  error: string | null;
}

/**
 * Asks the server to render `body`, outside Remix's router on purpose: a fetcher's action makes the
 * router reload the page's data, and one in flight while the answer was posted could finish the
 * post's navigation with the data from before it (the new answer did not appear; seen in
 * tests/e2e/posting-edge-cases.test.ts and questions.test.ts). A preview changes nothing, so it needs
 * none of that. Null when it failed or was superseded: the preview button still works.
 */
async function fetchPreview(body: string, signal: AbortSignal): Promise<LivePreview | null> {
  try {
    const response = await fetch(PREVIEW_ACTION, { method: "POST", body: new URLSearchParams({ body }), signal });
    if (!response.ok && response.status !== 400) return null;
    return (await response.json()) as LivePreview;
  } catch {
    return null;
  }
}

interface Props {
  label: string;
  name?: string;
  defaultValue?: string;
  error?: string;
  /** A preview the server rendered for the no-JavaScript "Preview" button. */
  previewHtml?: string | null;
  /** The intent value of the no-JavaScript preview button on the enclosing form. */
  previewIntent?: string;
  rows?: number;
}

/**
 * A Markdown textarea with a live preview rendered by the server's own sanitizer (debounced),
 * so what you see is exactly what will be posted. Without JavaScript a "Preview" submit button
 * asks the page to render it.
 */
export function MarkdownEditor({ label, name = "body", defaultValue = "", error, previewHtml, previewIntent = "preview", rows = 10 }: Props) {
  const id = `field-${name}`;
  const [live, setLive] = useState<LivePreview | null>(null);
  const [text, setText] = useState(defaultValue);
  const [hydrated, setHydrated] = useState(false);
  const first = useRef(true);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (!defaultValue) return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      fetchPreview(text, abort.signal).then((preview) => {
        if (preview) setLive(preview);
      });
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // Only the text starts a preview; defaultValue counts once, on the first render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  const html = hydrated ? (live?.html ?? previewHtml ?? "") : (previewHtml ?? "");
  // The live preview says as soon as the text could not be posted (too long, nested too deeply).
  const shownError = (hydrated ? live?.error : null) || error;
  return (
    <div className={`field markdown-editor${shownError ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        Markdown works: **bold**, `code`, ``` for code blocks, [links](https://example.com), &gt; quotes.
      </p>
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={shownError ? true : undefined}
        aria-describedby={shownError ? `${id}-error` : `${id}-hint`}
      />
      {shownError ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {shownError}
        </p>
      ) : null}
      {!hydrated ? (
        <button type="submit" name="intent" value={previewIntent} className="button button--quiet" formNoValidate>
          Preview
        </button>
      ) : null}
      {html || hydrated ? (
        <section className="markdown-preview" aria-label="Preview" aria-live="polite">
          <p className="markdown-preview__title">Preview</p>
          {html ? <div className="prose" dangerouslySetInnerHTML={{ __html: html }} /> : <p className="muted">Nothing to preview yet.</p>}
        </section>
      ) : null}
    </div>
  );
}
