import { PageLink } from "./page-link";

/** The page numbers worth a link: the first, the last, and two either side of the current one. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b);
  // null marks a gap between two shown numbers.
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

/** Plain links to the pages of a list, so it works without JavaScript; nothing when there is one page. */
export function PageNav({ label, page, pageCount, href }: { label: string; page: number; pageCount: number; href: (page: number) => string }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pagination page-nav">
      <ul>
        {page > 1 ? (
          <li>
            <PageLink to={href(page - 1)} rel="prev">
              ← Previous
            </PageLink>
          </li>
        ) : null}
        {pageWindow(page, pageCount).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <PageLink to={href(n)} aria-current={n === page ? "page" : undefined}>
                <span className="visually-hidden">Page </span>
                {n}
              </PageLink>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <PageLink to={href(page + 1)} rel="next">
              Next →
            </PageLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
