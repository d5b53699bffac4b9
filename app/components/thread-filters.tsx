import { THREAD_FILTERS, THREAD_KINDS, type ThreadListQuery } from "~/domain/threads";
import { PageLink } from "~/components/common";

const FILTER_LABEL: Record<string, string> = { latest: "Latest", unanswered: "Unanswered", solved: "Solved" };

/** The query string for a listing, keeping the other choices; the cursor resets unless given. */
export function listHref(base: string, query: Pick<ThreadListQuery, "filter" | "kind">, after?: string): string {
  const params = new URLSearchParams();
  if (query.filter !== "latest") params.set("filter", query.filter);
  if (query.kind) params.set("kind", query.kind);
  if (after) params.set("after", after);
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}

/** Latest / unanswered / solved, and by kind: plain links, so they work without JavaScript. */
export function ThreadFilters({ base, query }: { base: string; query: Pick<ThreadListQuery, "filter" | "kind"> }) {
  return (
    <div className="thread-filters">
      <nav aria-label="Filter threads" className="thread-filters__group">
        {THREAD_FILTERS.map((filter) => (
          <PageLink key={filter} to={listHref(base, { ...query, filter })} aria-current={query.filter === filter ? "page" : undefined} className="chip">
            {FILTER_LABEL[filter]}
          </PageLink>
        ))}
      </nav>
      <nav aria-label="Filter by kind" className="thread-filters__group">
        <PageLink to={listHref(base, { ...query, kind: undefined })} aria-current={!query.kind ? "page" : undefined} className="chip">
          All kinds
        </PageLink>
        {THREAD_KINDS.map((kind) => (
          <PageLink key={kind} to={listHref(base, { ...query, kind })} aria-current={query.kind === kind ? "page" : undefined} className="chip chip--kind">
            {kind}
          </PageLink>
        ))}
      </nav>
    </div>
  );
}
