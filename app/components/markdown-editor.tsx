import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { PREVIEW_ACTION } from "~/utils/preview-revalidation";

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
  const fetcher = useFetcher<{ html: string; error: string | null }>();
  const [text, setText] = useState(defaultValue);
  const [hydrated, setHydrated] = useState(false);
  const first = useRef(true);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (!defaultValue) return;
    }
    const timer = setTimeout(() => fetcher.submit({ body: text }, { method: "post", action: PREVIEW_ACTION }), 300);
    return () => clearTimeout(timer);
    // fetcher.submit is stable enough for a debounce; re-running on it would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  const html = hydrated ? (fetcher.data?.html ?? previewHtml ?? "") : (previewHtml ?? "");
  // The live preview says as soon as the text could not be posted (too long, nested too deeply).
  const shownError = (hydrated ? fetcher.data?.error : null) || error;
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
