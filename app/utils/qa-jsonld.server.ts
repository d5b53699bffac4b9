import type { ThreadPage } from "~/services/thread-page.server";
import { toPlainText } from "./markdown.server";
import { postPath, profilePath } from "./post-paths";

/**
 * schema.org QAPage for a question or problem thread, as Google's Q&A rich results read it: the
 * question, its accepted answer and the other live answers of this page, with votes, authors and
 * dates; the answer count is the whole thread's.
 */
export function qaPageJsonLd(page: ThreadPage, { publicUrl }: { publicUrl: string }) {
  const { question } = page;
  if (!question || (page.thread.kind !== "question" && page.thread.kind !== "problem")) return null;
  const person = (author: { handle: string; displayName: string }) => ({
    "@type": "Person",
    name: author.displayName,
    url: `${publicUrl}${profilePath(author.handle)}`,
  });
  const answer = (post: NonNullable<ThreadPage["accepted"]>) => ({
    "@type": "Answer",
    text: toPlainText(post.bodyHtml),
    dateCreated: post.createdAt.toISOString(),
    upvoteCount: post.helpfulCount,
    url: `${publicUrl}${postPath(page.thread, post)}`,
    author: person(post.author),
  });
  const { accepted } = page;
  return {
    "@context": "https://schema.org",
    "@type": "QAPage",
    mainEntity: {
      "@type": "Question",
      name: page.thread.title,
      text: toPlainText(question.bodyHtml),
      answerCount: page.thread.replyCount,
      upvoteCount: page.thread.meTooCount,
      dateCreated: question.createdAt.toISOString(),
      author: person(question.author),
      ...(accepted ? { acceptedAnswer: answer(accepted) } : {}),
      suggestedAnswer: page.replies.filter((post) => !post.deleted && post.id !== accepted?.id).map(answer),
    },
  };
}

/** JSON safe to place inside a <script> element: no "<" can close it early. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
