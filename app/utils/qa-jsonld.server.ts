import type { ThreadPage } from "~/services/thread-page.server";
import { toPlainText } from "./markdown.server";

/**
 * schema.org QAPage for a question or problem thread, as Google's Q&A rich results read it: the
 * question, its accepted answer and the other live answers, with votes, authors and dates.
 */
export function qaPageJsonLd(page: ThreadPage, { url, publicUrl }: { url: string; publicUrl: string }) {
  const [question, ...answers] = page.posts;
  if (!question || (page.thread.kind !== "question" && page.thread.kind !== "problem")) return null;
  const person = (author: { handle: string; displayName: string }) => ({
    "@type": "Person",
    name: author.displayName,
    url: `${publicUrl}/u/${author.handle}`,
  });
  const live = answers.filter((post) => !post.deleted);
  const answer = (post: (typeof live)[number]) => ({
    "@type": "Answer",
    text: toPlainText(post.bodyHtml),
    dateCreated: post.createdAt.toISOString(),
    upvoteCount: post.helpfulCount,
    url: `${url}#post-${post.id}`,
    author: person(post.author),
  });
  const accepted = live.find((post) => post.id === page.thread.acceptedPostId);
  return {
    "@context": "https://schema.org",
    "@type": "QAPage",
    mainEntity: {
      "@type": "Question",
      name: page.thread.title,
      text: toPlainText(question.bodyHtml),
      answerCount: live.length,
      upvoteCount: page.thread.meTooCount,
      dateCreated: question.createdAt.toISOString(),
      author: person(question.author),
      ...(accepted ? { acceptedAnswer: answer(accepted) } : {}),
      suggestedAnswer: live.filter((post) => post !== accepted).map(answer),
    },
  };
}

/** JSON safe to place inside a <script> element: no "<" can close it early. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
