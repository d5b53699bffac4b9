import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink, categoryPath, pageTitle } from "~/components/common";
import { ThreadFilters, listHref } from "~/components/thread-filters";
import { ThreadList } from "~/components/thread-list";
import { ThreadListQuerySchema } from "~/schemas/threads.server";
import { getCategoryBySlug } from "~/services/categories.server";
import { listThreads, threadListItems } from "~/services/thread-lists.server";
import { serviceErrorToData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data ? data.category.name : "Not found"),
  { name: "description", content: data?.category.description ?? "" },
];

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const query = ThreadListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const category = getCategoryBySlug(context.deps, params.slug ?? "");
    const threadDeleted = new URL(request.url).searchParams.get("deleted") === "thread";
    return {
      category: { slug: category.slug, name: category.name, description: category.description },
      query,
      threadDeleted,
      threads: threadListItems(listThreads(context.deps, { ...query, categoryId: category.id })),
    };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

export default function CategoryPage() {
  const { category, threads, query, threadDeleted } = useLoaderData<typeof loader>();
  const base = categoryPath(category.slug);
  return (
    <section>
      {threadDeleted ? (
        <p className="notice" role="status">
          Your question was deleted.
        </p>
      ) : null}
      <h1>{category.name}</h1>
      <p>{category.description}</p>
      <p className="category-page__links">
        <PageLink to={`/ask?category=${encodeURIComponent(category.slug)}`} className="button">
          Ask in {category.name}
        </PageLink>{" "}
        <a href={`${base}/feed.atom`}>Atom feed</a>
      </p>
      <ThreadFilters base={base} query={query} />
      <ThreadList threads={threads.rows} />
      {threads.nextCursor ? (
        <nav aria-label="Pagination" className="pagination">
          <PageLink to={listHref(base, query, threads.nextCursor)}>Older threads →</PageLink>
        </nav>
      ) : null}
    </section>
  );
}
