import { useEffect, useRef, useState } from "react";
import type { SimilarThread } from "~/domain/threads";

/**
 * Beside the title on the ask page: as the customer types, the threads most like their title
 * (most relevant first; solved ones carry a badge). Without JavaScript the list comes from the server after "Check for similar
 * questions", which reloads the ask page with the form's values in the URL.
 */
export function SimilarThreads({ askSession, initial }: { askSession: string; initial: SimilarThread[] }) {
  const [threads, setThreads] = useState(initial);
  // With JavaScript the list follows the typing, so the button (which Enter would press) goes away.
  const [live, setLive] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setLive(true);
    const title = anchor.current?.closest("form")?.elements.namedItem("title");
    if (!(title instanceof HTMLInputElement)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let request: AbortController | undefined;
    const lookUp = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        request?.abort();
        request = new AbortController();
        const params = new URLSearchParams({ title: title.value, askSession });
        try {
          const response = await fetch(`/api/v1/similar?${params}`, { signal: request.signal });
          if (response.ok) setThreads(((await response.json()) as { threads: SimilarThread[] }).threads);
        } catch {
          // A lost request leaves the last suggestions in place.
        }
      }, 300);
    };
    title.addEventListener("input", lookUp);
    return () => {
      title.removeEventListener("input", lookUp);
      clearTimeout(timer);
      request?.abort();
    };
  }, [askSession]);

  return (
    <div ref={anchor} className="similar-threads">
      {live ? null : (
        <button type="submit" formMethod="get" formAction="/ask" formNoValidate className="button button--quiet">
          Check for similar questions
        </button>
      )}
      <div aria-live="polite">
        {threads.length ? (
          <section aria-labelledby="similar-heading" className="similar-threads__panel">
            <h2 id="similar-heading">These threads may already answer it</h2>
            <ul>
              {threads.map((thread) => (
                <li key={thread.id}>
                  {thread.solved ? <span className="status status--solved">✓ Solved</span> : null}
                  {thread.hasStaffAnswer ? <span className="tag tag--staff">Staff answered</span> : null}
                  <a href={thread.href}>{thread.title}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
