import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ThreadFilters, listHref } from "~/components/thread-filters";
import { ThreadList } from "~/components/thread-list";
import { ThreadListQuerySchema } from "~/schemas/threads";
import { listOpenCategories } from "~/services/categories.server";
import { listThreads } from "~/services/thread-lists.server";
import { categoryPath } from "~/utils/post-paths";
import { pageTitle } from "~/utils/page-title";

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches),
  { name: "description", content: "Ask a question, find an answer, and help other customers." },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Latest threads", href: "/feeds/latest.atom" },
];

export function loader({ request, context }: LoaderFunctionArgs) {
  const query = ThreadListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    categories: listOpenCategories(context.deps),
    query,
    latest: listThreads(context.deps, query),
  };
}

export default function Home() {
  const { categories, latest, query } = useLoaderData<typeof loader>();
  return (
    <div className="home">
      <section aria-labelledby="categories-heading">
        <h1 id="categories-heading">Community</h1>
        <ul className="category-grid">
          {categories.map((category) => (
            <li key={category.id} className="category-card">
              <Link to={categoryPath(category.slug)}>{category.name}</Link>
              <p>{category.description}</p>
              <p className="muted">{category.threadCount} threads</p>
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
            <Link to={listHref("/", query, latest.nextCursor)}>Older threads →</Link>
          </nav>
        ) : null}
      </section>
    </div>
  );
}
