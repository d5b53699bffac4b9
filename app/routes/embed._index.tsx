import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { MAX_QUERY_LENGTH } from "@search/types";
import { Highlighted } from "~/components/highlighted";
import { findCategoryId, listPopularSolved, searchForWidget } from "~/services/widget.server";
import { embedFields, embedHref, embedMeta, embedText } from "~/utils/embed-config";
import { parseEmbedConfig } from "~/utils/embed-config.server";
import type { loader as embedLoader } from "./embed";
import { EmbedSearchQuerySchema } from "~/schemas/widget.server";

export const meta: MetaFunction = ({ matches }) => embedMeta(matches, "Help — search the community");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { q } = EmbedSearchQuerySchema.parse(Object.fromEntries(url.searchParams));
  const query = q.slice(0, MAX_QUERY_LENGTH);
  const config = parseEmbedConfig(url.searchParams);
  if (!query) {
    const popular = listPopularSolved(context.deps, { categoryId: findCategoryId(context.deps, config.c) });
    return { query, popular: true, unavailable: false, results: popular.map((thread) => ({ ...thread, titleMarked: thread.title, snippet: "" })) };
  }
  const found = await searchForWidget(context.deps, { query, category: config.c });
  return { query, popular: false, unavailable: !found.ok, results: found.results };
}

const UNAVAILABLE = "Search is briefly unavailable. Please try again in a moment.";

function statusText(count: number, query: string, unavailable: boolean) {
  if (!query) return "";
  if (unavailable) return UNAVAILABLE;
  return count === 0 ? `No answers for “${query}”` : `${count} answer${count === 1 ? "" : "s"} for “${query}”`;
}

export default function EmbedSearch() {
  const { query, popular, unavailable, results } = useLoaderData<typeof loader>();
  const { config } = useRouteLoaderData<typeof embedLoader>("routes/embed")!;
  return (
    <>
      <form id="embed-search" method="get" action="/embed" role="search" target="_self" className="embed-search">
        {embedFields(config).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label htmlFor="embed-q" className="visually-hidden">
          {embedText(config, "search")}
        </label>
        <input
          id="embed-q"
          type="search"
          name="q"
          defaultValue={query}
          placeholder={embedText(config, "search")}
          autoComplete="off"
          maxLength={200}
        />
        <button type="submit" className="embed-search__go">
          Search
        </button>
      </form>
      <p id="embed-status" role="status" className="visually-hidden">
        {statusText(results.length, query, unavailable)}
      </p>
      <div id="embed-results">
        <h1 className="embed-section-title">{popular ? embedText(config, "popular") : `Answers for “${query}”`}</h1>
        {unavailable ? (
          <p className="embed-empty">{UNAVAILABLE}</p>
        ) : results.length === 0 ? (
          <p className="embed-empty">{popular ? "No solved threads yet." : embedText(config, "noresults")}</p>
        ) : (
          <ul className="embed-results">
            {results.map((thread) => (
              <li key={thread.id}>
                <a href={embedHref(config, `/embed/t/${thread.id}`, { q: query })} target="_self">
                  <Highlighted text={thread.titleMarked} />
                </a>
                {thread.snippet ? (
                  <p className="embed-results__snippet">
                    <Highlighted text={thread.snippet} />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
