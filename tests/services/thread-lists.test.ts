import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { posts, THREAD_KINDS, type ThreadKind } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { createReply, deletePost } from "~/services/posts.server";
import { listThreads, PAGE_SIZE, threadListItems, type ThreadListOptions, type ThreadRow } from "~/services/thread-lists.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, askMany, makeCategory } from "../qa-helpers";

interface Made {
  id: number;
  kind: ThreadKind;
  categoryId: number;
  answered: boolean;
  solved: boolean;
  hidden: boolean;
}

describe("thread lists, page by page", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  /** Follows each page's cursor to the end; the guard stops a cursor that never runs out. */
  function walk(options: ThreadListOptions = {}): ThreadRow[][] {
    const pages: ThreadRow[][] = [];
    let after: string | undefined;
    do {
      const page = listThreads(deps, { ...options, after });
      pages.push(page.rows);
      after = page.nextCursor ?? undefined;
    } while (after && pages.length < 50);
    return pages;
  }
  const ids = (rows: ThreadRow[]) => rows.map((row) => row.id);
  const newestFirst = (rows: ThreadRow[]) =>
    [...rows].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || b.id - a.id);

  /**
   * 48 threads of every kind in two categories, three askers taking turns and pairs asked at the
   * same instant; then answers, acceptances, staff replies and askers' own follow-ups move older
   * threads back to the top, and three are deleted (so hidden): 45 stay visible.
   */
  async function busyForum() {
    const askers = [await makeUser(deps), await makeUser(deps), await makeUser(deps)];
    const helper = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const categories = [makeCategory(deps.db), makeCategory(deps.db)];
    const made: Made[] = [];
    for (let i = 0; i < 48; i++) {
      if (i % 3 !== 2) deps.clock.advanceMinutes(2);
      const kind = THREAD_KINDS[i % 4]!;
      const category = categories[i % 2]!;
      const { id } = ask(deps, askers[i % 3]!, category, { kind, title: `Thread number ${i}` });
      made.push({ id, kind, categoryId: category.id, answered: false, solved: false, hidden: false });
    }
    const askerOf = (i: number) => askers[i % 3]!;
    made.forEach((thread, i) => {
      deps.clock.advanceMinutes(1);
      if (i % 5 === 0) {
        const answer = createReply(deps, helper, thread.id, { body: `Try this (thread ${i})` });
        thread.answered = true;
        if (thread.kind === "question" || thread.kind === "problem") {
          acceptAnswer(deps, askerOf(i), answer.id);
          thread.solved = true;
        }
      }
      if (i % 7 === 3) {
        createReply(deps, staff, thread.id, { body: "From the team" });
        thread.answered = true;
      }
      if (i % 11 === 4) createReply(deps, askerOf(i), thread.id, { body: `Any ideas? (thread ${i})` });
    });
    for (const i of [1, 22, 47]) {
      const question = deps.db.select().from(posts).where(and(eq(posts.threadId, made[i]!.id), eq(posts.position, 1))).get()!;
      deletePost(deps, askerOf(i), question.id);
      made[i]!.hidden = true;
    }
    return { made, categories };
  }

  it("a listing's loader data keeps only what its rows draw, in the same order with the same cursor", async () => {
    const category = makeCategory(deps.db);
    const asker = await makeUser(deps);
    ask(deps, asker, category, { title: "First listed" });
    ask(deps, asker, category, { title: "Second listed" });
    const list = listThreads(deps, {});
    const items = threadListItems(list);
    expect(items.nextCursor).toBe(list.nextCursor);
    expect(items.rows.map((row) => row.id)).toEqual(list.rows.map((row) => row.id));
    expect(Object.keys(items.rows[0]!).sort()).toEqual(
      ["author", "category", "hasStaffReply", "id", "kind", "lastActivityAt", "meTooCount", "pinned", "replyCount", "slug", "status", "title", "voteCount"],
    );
    expect(items.rows[0]!.category).toEqual({ slug: category.slug, name: list.rows[0]!.category.name });
    expect(items.rows[0]!.author).toEqual(list.rows[0]!.author);
  });

  it("walking every page of the latest threads yields each visible thread once, most recent activity first", async () => {
    const { made } = await busyForum();
    const pages = walk();
    expect(PAGE_SIZE).toBe(20);
    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    const all = pages.flat();
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(ids(all).sort((a, b) => a - b)).toEqual(made.filter((t) => !t.hidden).map((t) => t.id));
    expect(ids(all)).toEqual(ids(newestFirst(all)));
    // The replies reordered the list: it is not simply newest thread first.
    expect(ids(all)).not.toEqual([...ids(all)].sort((a, b) => b - a));
  });

  it("filters, kinds and categories hold on every page, each thread once, in the same order", async () => {
    const { made, categories } = await busyForum();
    const latest = ids(walk().flat());
    const byId = new Map(made.map((thread) => [thread.id, thread]));
    const cases: [ThreadListOptions, (thread: Made) => boolean][] = [
      [{ filter: "unanswered" }, (t) => !t.answered],
      [{ filter: "solved" }, (t) => t.solved],
      [{ kind: "problem" }, (t) => t.kind === "problem"],
      [{ filter: "unanswered", kind: "idea" }, (t) => !t.answered && t.kind === "idea"],
      [{ categoryId: categories[1]!.id }, (t) => t.categoryId === categories[1]!.id],
      [{ categoryId: categories[0]!.id, kind: "question" }, (t) => t.categoryId === categories[0]!.id && t.kind === "question"],
    ];
    for (const [options, keeps] of cases) {
      const expected = latest.filter((id) => keeps(byId.get(id)!));
      // Small pages, so that every case needs its cursor at least once.
      expect(expected.length, JSON.stringify(options)).toBeGreaterThan(4);
      const pages = walk({ ...options, limit: 4 });
      expect(ids(pages.flat()), JSON.stringify(options)).toEqual(expected);
      expect(pages.slice(0, -1).every((page) => page.length === 4)).toBe(true);
    }
  });

  it("threads with the same last activity split across pages by id, none lost or repeated", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const created = askMany(deps, staff, makeCategory(deps.db), 45, { everyMs: 0 });
    const pages = walk();
    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    expect(ids(pages.flat())).toEqual(created.map((thread) => thread.id).reverse());
  });

  it("a list of exactly two pages ends on the second, with no empty third", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    askMany(deps, staff, makeCategory(deps.db), 40, { everyMs: 1000 });
    const first = listThreads(deps);
    const second = listThreads(deps, { after: first.nextCursor! });
    expect([first.rows.length, second.rows.length]).toEqual([20, 20]);
    expect(second.nextCursor).toBeNull();
  });
});
