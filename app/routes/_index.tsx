import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink, SearchBox, categoryPath, pageTitle } from "~/components/common";
import { ThreadFilters, listHref } from "~/components/thread-filters";
import { ThreadList } from "~/components/thread-list";
import { ThreadListQuerySchema } from "~/schemas/threads.server";
import { listOpenCategories } from "~/services/categories.server";
import { getSettings } from "~/services/settings.server";
import { listThreads, threadListItems } from "~/services/thread-lists.server";

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches),
  { name: "description", content: "Ask a question, find an answer, and help other customers." },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Latest threads", href: "/feeds/latest.atom" },
];

export function loader({ request, context }: LoaderFunctionArgs) {
  const query = ThreadListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const settings = getSettings(context.deps);
  return {
    welcome: { siteName: settings.siteName, text: settings.welcomeText },
    // Only what the cards show: loader data is written into the HTML a second time, for hydration.
    categories: listOpenCategories(context.deps).map(({ id, slug, name, description, color, threadCount }) => ({ id, slug, name, description, color, threadCount })),
    query,
    latest: threadListItems(listThreads(context.deps, query)),
  };
}

/** The brand's greeting and the way in most visitors want: a search box big enough to notice. */
function Welcome({ siteName, text }: { siteName: string; text: string }) {
  return (
    <section className="hero" aria-labelledby="welcome-heading">
      <h1 id="welcome-heading">Welcome to {siteName}</h1>
      <p className="hero__text">{text}</p>
      <SearchBox id="home-search-q" name="Search the community" placeholder="Search for answers…" className="hero__search" buttonClassName="button" />
      <p className="hero__ask">
        Can’t find it? <PageLink to="/ask">Ask the community</PageLink>
      </p>
    </section>
  );
}

export default function Home() {
  const { welcome, categories, latest, query } = useLoaderData<typeof loader>();
  return (
    <div className="home">
      <Welcome siteName={welcome.siteName} text={welcome.text} />
      <section aria-labelledby="categories-heading" className="home__categories">
        <h2 id="categories-heading">Categories</h2>
        {/* On phones this grid becomes one row of chips that scrolls sideways, so threads show on the first screen. */}
        <ul className="category-grid">
          {categories.map((category) => (
            <li key={category.id} className="category-card" style={category.color ? ({ "--category": category.color } as React.CSSProperties) : undefined}>
              <PageLink to={categoryPath(category.slug)}>{category.name}</PageLink>
              {category.description ? <p className="category-card__description">{category.description}</p> : null}
              <p className="category-card__count muted">{category.threadCount} threads</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest threads</h2>
        <ThreadFilters base="/" query={query} />
        <ThreadList threads={latest.rows} />
        {latest.nextCursor ? (
          <nav aria-label="Pagination" className="pagination">
            <PageLink to={listHref("/", query, latest.nextCursor)}>Older threads →</PageLink>
          </nav>
        ) : null}
      </section>
    </div>
  );
}
