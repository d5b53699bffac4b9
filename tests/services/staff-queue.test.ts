import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { posts, threads } from "@db/schema";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { deletePost } from "~/services/posts.server";
import { listStaffQueue, resolveEscalation } from "~/services/staff-queue.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { askThread, makeCategory } from "./escalation-fixtures";

function hide(deps: TestDeps, threadId: number) {
  deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, threadId)).run();
}

function questionOf(deps: TestDeps, threadId: number) {
  return deps.db.select().from(posts).where(and(eq(posts.threadId, threadId), eq(posts.position, 1))).get()!;
}

describe("the staff queue lists only threads staff can open", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("a flagged thread whose question is then deleted leaves Needs staff", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const asker = await makeUser(deps);
    const category = makeCategory(deps);
    const kept = askThread(deps, asker, category, "Roaming does not work abroad");
    const deleted = askThread(deps, asker, category, "Found it, never mind");
    deps.clock.advanceMinutes(60);
    expect(sweepEscalations(deps).sort()).toEqual([kept.id, deleted.id].sort());
    expect(listStaffQueue(deps, staff, "flagged").map((row) => row.id)).toEqual([kept.id, deleted.id]);

    deletePost(deps, asker, questionOf(deps, deleted.id).id);

    expect(listStaffQueue(deps, staff, "flagged").map((row) => row.id)).toEqual([kept.id]);
  });

  it("a hidden thread is on neither Due soon nor Resolved today", async () => {
    const staff = await makeUser(deps, { role: "staff" });
    const asker = await makeUser(deps);
    const category = makeCategory(deps);
    const resolved = askThread(deps, asker, category, "Bill shows a double charge");
    deps.clock.advanceMinutes(60);
    sweepEscalations(deps);
    resolveEscalation(deps, staff, resolved.id, "Refunded by phone");
    const due = askThread(deps, asker, category, "Porting my number stalled");
    deps.clock.advanceMinutes(30);
    expect(listStaffQueue(deps, staff, "due").map((row) => row.id)).toEqual([due.id]);
    expect(listStaffQueue(deps, staff, "resolved").map((row) => row.id)).toEqual([resolved.id]);

    hide(deps, due.id);
    hide(deps, resolved.id);

    expect(listStaffQueue(deps, staff, "due")).toEqual([]);
    expect(listStaffQueue(deps, staff, "resolved")).toEqual([]);
  });
});
