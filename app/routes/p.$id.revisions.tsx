import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RevisionList } from "~/components/revision-list";
import { getPostForEdit } from "~/services/posts.server";
import { findVisibleThread } from "~/services/thread-access.server";
import { canSeeHiddenPost } from "~/services/thread-page.server";
import { serviceErrorToData } from "~/utils/http.server";
import { postPath, pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Revision history"), { name: "robots", content: "noindex" }];

// Anyone who can read the thread can see how a post changed and who changed it.
export function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  if (!id.success) throw new Response("No such post", { status: 404 });
  try {
    const { post, thread, revisions } = getPostForEdit(context.deps, id.data);
    findVisibleThread(context.deps.db, thread.id, context.user);
    // A hidden post's history would show its words: it is for those who may read the post.
    if (post.hiddenAt && !canSeeHiddenPost(context.user, post)) throw new Response("This post is hidden.", { status: 404 });
    return { thread: { title: thread.title }, postHref: postPath(thread, post), revisions };
  } catch (error) {
    throw serviceErrorToData(error);
  }
}

export default function Revisions() {
  const { thread, postHref, revisions } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Revision history</h1>
      <p>
        Of a post in <Link to={postHref}>{thread.title}</Link>
      </p>
      <RevisionList revisions={revisions} />
    </section>
  );
}
