// "Always in step": every write that changes what a thread's search document holds (text, status,
// accepted answer, votes, "me too", visibility) queues a search.sync job for that thread in its
// own transaction.
import { eq } from "drizzle-orm";
import { beforeEach, afterEach, describe, expect, it } from "vitest";
import { jobs, posts } from "@db/schema";
import { acceptAnswer, withdrawAcceptance } from "~/services/accept.server";
import { createReply, deletePost, editPost } from "~/services/posts.server";
import { SEARCH_SYNC_JOB } from "~/services/search-outbox.server";
import { addMeToo, removeMeToo, voteHelpful, withdrawHelpful } from "~/services/votes.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

describe("writes that change a search document queue its sync", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const syncedThreads = () =>
    deps.db
      .select()
      .from(jobs)
      .where(eq(jobs.kind, SEARCH_SYNC_JOB))
      .all()
      .map((job) => (job.payload as { threadId: number }).threadId);

  it("asking, replying, editing, accepting, withdrawing, voting, me too and deleting each queue one", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const neighbour = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db), { kind: "problem" });
    const question = deps.db.select().from(posts).where(eq(posts.threadId, id)).get()!;
    let answerId = 0;
    const writes: [string, () => void][] = [
      ["reply", () => (answerId = createReply(deps, helper, id, { body: "Toggle airplane mode." }).id)],
      ["edit", () => editPost(deps, asker, question.id, { body: "It drops every evening." })],
      ["accept", () => acceptAnswer(deps, asker, answerId)],
      ["withdraw acceptance", () => withdrawAcceptance(deps, asker, id)],
      ["helpful vote", () => voteHelpful(deps, neighbour, answerId)],
      ["withdrawn vote", () => withdrawHelpful(deps, neighbour, answerId)],
      ["me too", () => addMeToo(deps, neighbour, id)],
      ["me too taken back", () => removeMeToo(deps, neighbour, id)],
      ["deleted answer", () => deletePost(deps, helper, answerId)],
      ["deleted question", () => deletePost(deps, asker, question.id)],
    ];
    for (const [name, write] of writes) {
      deps.db.delete(jobs).run();
      write();
      expect({ name, synced: syncedThreads() }).toEqual({ name, synced: [id] });
    }
  });

  it("a vote withdrawn that was never given changes nothing and queues nothing", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    const answer = createReply(deps, helper, id, { body: "Try a SIM swap." });
    deps.db.delete(jobs).run();
    withdrawHelpful(deps, asker, answer.id);
    expect(syncedThreads()).toEqual([]);
  });
});
