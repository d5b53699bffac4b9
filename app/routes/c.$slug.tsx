import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ThreadList } from "~/components/thread-list";
import { getCategoryBySlug } from "~/services/categories.server";
import { listThreads } from "~/services/thread-lists.server";
import { serviceErrorToData } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.category.name} — Community` : "Not found" },
  { name: "description", content: data?.category.description ?? "" },
];

const QuerySchema = z.object({ after: z.string().regex(/^\d+:\d+$/).optional().catch(undefined) });

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const category = getCategoryBySlug(context.deps, params.slug ?? "");
    return { category, threads: listThreads(context.deps, { categoryId: category.id, after: query.after }) };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

export default function CategoryPage() {
  const { category, threads } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{category.name}</h1>
      <p>{category.description}</p>
      <ThreadList threads={threads.rows} />
      {threads.nextCursor ? (
        <nav aria-label="Pagination" className="pagination">
          <Link to={`?after=${threads.nextCursor}`}>Older threads →</Link>
        </nav>
      ) : null}
    </section>
  );
}
