import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { THREAD_KINDS } from "~/domain/threads";
import { Highlighted } from "~/components/highlighted";
import { SearchPageQuerySchema, type SearchPageQuery } from "~/schemas/search.server";
import { SEARCH_PAGE_SIZE } from "~/domain/search";
import { searchForPage } from "~/services/search.server";
import { threadPagePath, pageTitle } from "~/components/common";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data?.query.q ? `“${data.query.q}” — Search` : "Search"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = SearchPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { categories, found } = await searchForPage(context.deps, query);
  // The rest of the forum keeps working; only this page says the engine is away.
  return data({ query, categories, found }, { status: found.ok ? 200 : 503 });
}

function pageLink(query: SearchPageQuery, page: number): string {
  const params = new URLSearchParams({ q: query.q });
  if (query.category) params.set("category", query.category);
  if (query.kind) params.set("kind", query.kind);
  if (query.solved) params.set("solved", "1");
  if (query.sort !== "relevance") params.set("sort", query.sort);
  if (page > 1) params.set("page", String(page));
  return `/search?${params}`;
}

export default function SearchPage() {
  const { query, categories, found } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const searching = useNavigation().location?.pathname === "/search";
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  // With JavaScript, results follow the typing; the URL is replaced, so Back leaves the page.
  const onChange = (event: React.FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const fields = new FormData(form);
      fields.set("typing", "1");
      submit(fields, { method: "get", action: "/search", replace: true, preventScrollReset: true });
    }, 250);
  };
  const pages = found.ok ? Math.ceil(Math.min(found.result.total, 50 * SEARCH_PAGE_SIZE) / SEARCH_PAGE_SIZE) : 0;

  return (
    <section className="search-page">
      <h1>Search the community</h1>
      <Form method="get" action="/search" role="search" className="search-form" onChange={onChange}>
        <div className="search-form__query">
          <label htmlFor="search-q">Search for</label>
          <input id="search-q" type="search" name="q" defaultValue={query.q} maxLength={200} autoComplete="off" />
          <button type="submit" className="button">
            Search
          </button>
        </div>
        <div className="search-form__filters">
          <label htmlFor="search-category">Category</label>
          <select id="search-category" name="category" defaultValue={query.category ?? ""}>
            <option value="">All categories</option>
            {categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
          <label htmlFor="search-kind">Kind</label>
          <select id="search-kind" name="kind" defaultValue={query.kind ?? ""}>
            <option value="">All kinds</option>
            {THREAD_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind[0]!.toUpperCase() + kind.slice(1)}
              </option>
            ))}
          </select>
          <label htmlFor="search-sort">Sort by</label>
          <select id="search-sort" name="sort" defaultValue={query.sort}>
            <option value="relevance">Relevance</option>
            <option value="newest">Newest</option>
            <option value="helpful">Most helpful</option>
          </select>
          <label className="search-form__check">
            <input type="checkbox" name="solved" value="1" defaultChecked={query.solved ?? false} /> Solved only
          </label>
        </div>
      </Form>

      <div aria-live="polite" aria-busy={searching} className="search-results">
        {!found.ok ? (
          <div className="notice notice--warning" role="alert">
            <h2>Search is briefly unavailable</h2>
            <p>We couldn’t reach the search service. Please try again in a minute — the rest of the community works as usual.</p>
          </div>
        ) : query.q.trim() === "" ? (
          <p className="empty">Type a few words to find threads, answers and solutions.</p>
        ) : found.result.hits.length === 0 ? (
          <div className="empty">
            <p>No threads match “{query.q}”.</p>
            <p className="muted">Check the spelling, or try fewer or different words.</p>
            <p>
              <Link to={`/ask?title=${encodeURIComponent(query.q.slice(0, 150))}`} className="button">
                Ask the community
              </Link>
            </p>
          </div>
        ) : (
          <>
            {found.result.correctedQuery ? (
              <p className="search-results__corrected">
                Showing results for <strong>{found.result.correctedQuery}</strong>
              </p>
            ) : null}
            <p className="search-results__count">
              {found.result.total.toLocaleString("en")}
              {found.result.exhaustive ? "" : "+"} {found.result.total === 1 ? "thread" : "threads"} found{" "}
              {found.result.matched === "all" ? "matching all your words" : "matching some of your words"}
            </p>
            <ol className="search-results__list">
              {found.result.hits.map((hit) => (
                <li key={hit.id} className="search-hit">
                  <h2 className="search-hit__title">
                    <Link to={threadPagePath(hit)}>
                      <Highlighted text={hit.titleMarked} />
                    </Link>
                  </h2>
                  <p className="search-hit__meta">
                    {hit.solved ? <span className="status status--solved">✓ Solved</span> : null}
                    {hit.hasStaffAnswer ? <span className="tag tag--staff">Staff answered</span> : null}
                    <span className={`kind kind--${hit.kind}`}>{hit.kind}</span>
                    <span>{hit.categoryName}</span>
                    <span> · {hit.votes} helpful</span>
                  </p>
                  {hit.snippet ? (
                    <p className="search-hit__snippet">
                      <Highlighted text={hit.snippet} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
            {pages > 1 ? (
              <nav aria-label="Search results pages" className="pagination">
                {query.page > 1 ? <Link to={pageLink(query, query.page - 1)}>← Previous</Link> : null}
                <span>
                  {" "}
                  Page {query.page} of {pages}{" "}
                </span>
                {query.page < pages ? <Link to={pageLink(query, query.page + 1)}>Next →</Link> : null}
              </nav>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
