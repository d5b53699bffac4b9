import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, posts, threads } from "@db/schema";
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, type SearchDocument } from "./types";

export const MAX_QUESTION_CHARS = 4000;
export const MAX_ACCEPTED_CHARS = 4000;
/** All other answers together: enough to be found by, small enough to keep the index lean. */
export const MAX_ANSWERS_CHARS = 6000;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const MARKERS = new RegExp(`[${HIGHLIGHT_PRE}${HIGHLIGHT_POST}]`, "g");

/** The text of sanitized post HTML, as a reader sees it. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] !== "#") return ENTITIES[code.toLowerCase()] ?? whole;
      const point = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : " ";
    })
    .replace(MARKERS, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max);
  return text.slice(0, cut > max * 0.8 ? cut : max);
}

export interface DocumentBatch {
  documents: SearchDocument[];
  /** Requested threads that must not be in the index: gone, hidden, a duplicate, or their question deleted. */
  removed: number[];
}

/** Documents for the given threads, in three queries however many threads there are. */
export function buildSearchDocuments(db: Db, threadIds: number[]): DocumentBatch {
  const ids = [...new Set(threadIds)];
  if (ids.length === 0) return { documents: [], removed: [] };
  const rows = selectThreads(db).where(inArray(threads.id, ids)).all();
  const documents = assemble(db, rows);
  const kept = new Set(documents.map((doc) => doc.id));
  return { documents, removed: ids.filter((id) => !kept.has(id)) };
}

/** The next page of documents in thread id order, for a full rebuild; `lastId` is where to go on. */
export function buildDocumentPage(db: Db, afterId: number, limit: number): { documents: SearchDocument[]; lastId: number | null } {
  const rows = selectThreads(db).where(gt(threads.id, afterId)).orderBy(asc(threads.id)).limit(limit).all();
  return { documents: assemble(db, rows), lastId: rows.at(-1)?.id ?? null };
}

function selectThreads(db: Db) {
  return db
    .select({
      id: threads.id,
      slug: threads.slug,
      title: threads.title,
      kind: threads.kind,
      status: threads.status,
      hidden: threads.hidden,
      duplicateOfId: threads.duplicateOfId,
      // A duplicate is not indexed itself: its title joins its canonical thread's document, so its
      // words find the canonical (served by threads_duplicate_of_idx; duplicates are few).
      duplicateTitles: sql<string | null>`(SELECT group_concat(d.title, char(10)) FROM threads d WHERE d.duplicate_of_id = ${threads.id} AND d.hidden = 0)`,
      acceptedPostId: threads.acceptedPostId,
      votes: threads.voteCount,
      meToo: threads.meTooCount,
      created: threads.createdAt,
      lastActivity: threads.lastActivityAt,
      category: categories.slug,
      categoryName: categories.name,
    })
    .from(threads)
    .innerJoin(categories, eq(categories.id, threads.categoryId));
}

type ThreadRow = ReturnType<ReturnType<typeof selectThreads>["all"]>[number];

function assemble(db: Db, rows: ThreadRow[]): SearchDocument[] {
  // A duplicate leaves search and similar-question suggestions: its canonical thread answers for it.
  const visible = rows.filter((row) => !row.hidden && row.duplicateOfId === null);
  if (visible.length === 0) return [];
  const postRows = db
    .select({
      threadId: posts.threadId,
      id: posts.id,
      position: posts.position,
      bodyHtml: posts.bodyHtml,
      official: posts.official,
    })
    .from(posts)
    .where(and(inArray(posts.threadId, visible.map((row) => row.id)), isNull(posts.hiddenAt), isNull(posts.deletedAt)))
    .orderBy(asc(posts.threadId), asc(posts.position))
    .all();
  const byThread = new Map<number, typeof postRows>();
  for (const post of postRows) {
    const list = byThread.get(post.threadId);
    if (list) list.push(post);
    else byThread.set(post.threadId, [post]);
  }

  const documents: SearchDocument[] = [];
  for (const row of visible) {
    const threadPosts = byThread.get(row.id) ?? [];
    const question = threadPosts[0];
    // A thread whose question is deleted or hidden is gone for readers, so it leaves the index.
    if (!question || question.position !== 1) continue;
    let accepted = "";
    const others: string[] = [];
    let otherLength = 0;
    let hasStaffAnswer = false;
    for (const post of threadPosts.slice(1)) {
      if (post.official) hasStaffAnswer = true;
      if (post.id === row.acceptedPostId) {
        accepted = bounded(htmlToText(post.bodyHtml), MAX_ACCEPTED_CHARS);
      } else if (otherLength < MAX_ANSWERS_CHARS) {
        const text = htmlToText(post.bodyHtml);
        others.push(text);
        otherLength += text.length + 1;
      }
    }
    if (row.duplicateTitles) others.push(row.duplicateTitles.replace(MARKERS, " "));
    const solved = row.status === "solved" && accepted !== "";
    documents.push({
      id: row.id,
      slug: row.slug,
      title: row.title.replace(MARKERS, " "),
      question: bounded(htmlToText(question.bodyHtml), MAX_QUESTION_CHARS),
      accepted,
      answers: bounded(others.join("\n"), MAX_ANSWERS_CHARS),
      category: row.category,
      categoryName: row.categoryName,
      kind: row.kind,
      status: row.status,
      solved,
      hasStaffAnswer,
      votes: row.votes,
      meToo: row.meToo,
      created: row.created.getTime(),
      lastActivity: row.lastActivity.getTime(),
    });
  }
  return documents;
}
