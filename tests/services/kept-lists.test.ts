import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@db/client.server";
import type { User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { changeDisplayName } from "~/services/account-profile.server";
import { setCategoryArchived, updateCategory } from "~/services/category-admin.server";
import { listOpenCategories } from "~/services/categories.server";
import { moveThread, setThreadPinned } from "~/services/moderation.server";
import { createReply, deletePost, editPost } from "~/services/posts.server";
import { listThreads } from "~/services/thread-lists.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

// The first page of each list and the open categories are kept between requests (issue 14); every
// kind of write, by this process or another (another connection to the file), must show on the next read.
describe("kept lists", () => {
  let deps: TestDeps;
  let other: Db;
  let asker: User;
  let helper: User;
  let admin: User;
  let category: ReturnType<typeof makeCategory>;
  let threadIds: number[];

  beforeEach(async () => {
    deps = createTestDeps();
    other = openDatabase(deps.file);
    asker = await makeUser(deps);
    helper = await makeUser(deps);
    admin = await makeUser(deps, { role: "admin" });
    category = makeCategory(deps.db);
    threadIds = [0, 1, 2].map((i) => {
      deps.clock.advanceMinutes(5);
      return ask(deps, asker, category, { title: `Kept list thread ${i}` }).id;
    });
  });
  afterEach(() => {
    other.$client.close();
    deps.db.$client.close();
  });

  const elsewhere = () => ({ ...deps, db: other });
  const latest = (filter?: "unanswered" | "solved") => listThreads(deps, { filter });
  const row = (threadId: number) => latest().rows.find((r) => r.id === threadId)!;
  const firstPostOf = (threadId: number) =>
    deps.db.$client.prepare("SELECT id FROM posts WHERE thread_id = ? ORDER BY position LIMIT 1").pluck().get(threadId) as number;

  it("keeps a first page while nothing is written, frozen, and reads deeper pages every time", () => {
    const first = latest();
    expect(latest()).toBe(first);
    expect(Object.isFrozen(first.rows[0]!.author)).toBe(true);
    expect(() => (first.rows as unknown as unknown[]).push(null)).toThrow(TypeError);
    const deeper = listThreads(deps, { limit: 1, after: `${first.rows[0]!.lastActivityAt.getTime()}:${first.rows[0]!.id}` });
    expect(listThreads(deps, { limit: 1, after: `${first.rows[0]!.lastActivityAt.getTime()}:${first.rows[0]!.id}` })).not.toBe(deeper);
    expect(listOpenCategories(deps)).toBe(listOpenCategories(deps));
  });

  it("shows every kind of write made in another process on the next read", async () => {
    const [oldest, middle, newest] = threadIds as [number, number, number];
    expect(latest().rows.map((r) => r.id)).toEqual([newest, middle, oldest]);
    expect(latest("unanswered").rows.map((r) => r.id)).toContain(oldest);

    deps.clock.advanceMinutes(5);
    const answer = createReply(elsewhere(), helper, oldest, { body: "Hold the reset button for ten seconds." });
    expect(latest().rows[0]!.id).toBe(oldest);
    expect(row(oldest).replyCount).toBe(1);
    expect(latest("unanswered").rows.map((r) => r.id)).not.toContain(oldest);

    voteHelpful(elsewhere(), asker, answer.id);
    expect(row(oldest).voteCount).toBe(1);
    addMeToo(elsewhere(), helper, middle);
    expect(row(middle).meTooCount).toBe(1);

    acceptAnswer(elsewhere(), asker, answer.id);
    expect(row(oldest).status).toBe("solved");
    expect(latest("solved").rows.map((r) => r.id)).toEqual([oldest]);

    deps.clock.advanceMinutes(1);
    editPost(elsewhere(), asker, firstPostOf(middle), { body: "It blinks red, and now orange too.", title: "Router blinks orange" });
    expect(row(middle).title).toBe("Router blinks orange");

    setThreadPinned(elsewhere(), admin, newest, true);
    expect(row(newest).pinned).toBe(true);

    changeDisplayName(elsewhere(), asker, { displayName: "Renamed Asker" });
    expect(row(newest).author.displayName).toBe("Renamed Asker");

    updateCategory(elsewhere(), admin, category.id, { name: "Routers and modems" });
    expect(row(newest).category.name).toBe("Routers and modems");
    expect(listOpenCategories(deps).find((c) => c.id === category.id)?.name).toBe("Routers and modems");

    const elsewhereCategory = makeCategory(other);
    moveThread(elsewhere(), admin, middle, elsewhereCategory.id);
    expect(row(middle).category.name).toBe(elsewhereCategory.name);
    expect(listThreads(deps, { categoryId: elsewhereCategory.id }).rows.map((r) => r.id)).toEqual([middle]);

    deps.clock.advanceMinutes(5);
    const fresh = ask(elsewhere(), helper, category, { title: "A brand new question" }).id;
    expect(latest().rows.map((r) => r.id)).toContain(fresh);
    expect(listOpenCategories(deps).find((c) => c.id === category.id)?.threadCount).toBe(listOpenCategories({ db: other }).find((c) => c.id === category.id)?.threadCount);

    deletePost(elsewhere(), admin, firstPostOf(oldest));
    expect(latest().rows.map((r) => r.id)).not.toContain(oldest);

    setCategoryArchived(elsewhere(), admin, category.id, true);
    expect(listOpenCategories(deps).map((c) => c.id)).not.toContain(category.id);
  });

  it("shows this process's own writes, keeps nothing inside a transaction, and forgets what a rollback undid", () => {
    const [oldest] = threadIds as [number];
    expect(row(oldest).replyCount).toBe(0);
    expect(() =>
      deps.db.transaction(() => {
        createReply(deps, helper, oldest, { body: "Written, then rolled back." });
        expect(row(oldest).replyCount).toBe(1);
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(row(oldest).replyCount).toBe(0);
    deps.clock.advanceMinutes(5);
    createReply(deps, helper, oldest, { body: "Written for good." });
    expect(row(oldest).replyCount).toBe(1);
  });
});
