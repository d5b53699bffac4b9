import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askSessions } from "@db/schema";
import {
  issueAskSession,
  markAskSessionPosted,
  OPENINGS_LIMIT,
  pruneUnusedAskSessions,
  recordSuggestionOpened,
  recordSuggestionsShown,
  weeklyDeflection,
} from "~/services/ask-sessions.server";
import { makeUser } from "../factories";
import { createTestDeps, type TestDeps } from "../setup/deps";

describe("ask sessions", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  /** A session issued to `userId` in which thread 7 was suggested. */
  function suggested(userId: string) {
    const sessionId = issueAskSession(deps, { requested: null, userId });
    expect(recordSuggestionsShown(deps, { sessionId, userId, threadIds: [7, 8] })).toBe(true);
    return sessionId;
  }

  it("reuses the session a reload names only for the member it was issued to and only until they post", async () => {
    const member = await makeUser(deps);
    const other = await makeUser(deps);
    const first = issueAskSession(deps, { requested: null, userId: member.id });
    expect(issueAskSession(deps, { requested: first, userId: member.id })).toBe(first);
    expect(issueAskSession(deps, { requested: first, userId: other.id })).not.toBe(first);
    expect(issueAskSession(deps, { requested: "not-a-uuid", userId: member.id })).not.toBe(first);
    markAskSessionPosted(deps, { askSessionId: first, threadId: 1, userId: member.id });
    expect(issueAskSession(deps, { requested: first, userId: member.id })).not.toBe(first);
  });

  it("counts openings from one address up to its limit per window, then again once the window has passed", async () => {
    const member = await makeUser(deps);
    const sessions = Array.from({ length: OPENINGS_LIMIT.max + 1 }, () => suggested(member.id));
    const open = (sessionId: string) => recordSuggestionOpened(deps, { sessionId, threadId: 7, userId: member.id, clientIp: "203.0.113.9" });
    expect(sessions.slice(0, -1).map(open).every(Boolean)).toBe(true);
    expect(open(sessions.at(-1)!)).toBe(false);
    // Another address is not held up by this one.
    expect(recordSuggestionOpened(deps, { sessionId: sessions.at(-1)!, threadId: 8, userId: member.id, clientIp: "198.51.100.4" })).toBe(true);
    expect(weeklyDeflection(deps)[0]).toMatchObject({ visits: OPENINGS_LIMIT.max + 1, opened: OPENINGS_LIMIT.max + 1 });

    deps.clock.advance(OPENINGS_LIMIT.windowMs);
    const late = suggested(member.id);
    expect(open(late)).toBe(true);
  });

  it("counts nothing for a session without a member, or for a thread id that is not one", async () => {
    const member = await makeUser(deps);
    const sessionId = suggested(member.id);
    expect(recordSuggestionOpened(deps, { sessionId, threadId: 7, userId: null, clientIp: "203.0.113.9" })).toBe(false);
    expect(recordSuggestionOpened(deps, { sessionId, threadId: null, userId: member.id, clientIp: "203.0.113.9" })).toBe(false);
    expect(recordSuggestionsShown(deps, { sessionId, userId: null, threadIds: [9] })).toBe(false);
    expect(weeklyDeflection(deps)[0]).toMatchObject({ visits: 1, opened: 0 });
  });

  it("counts a visit once something was suggested or posted, and prunes issued sessions where neither happened after a day", async () => {
    const member = await makeUser(deps);
    const idle = issueAskSession(deps, { requested: null, userId: member.id });
    const shown = suggested(member.id);
    const asked = issueAskSession(deps, { requested: null, userId: member.id });
    markAskSessionPosted(deps, { askSessionId: asked, threadId: 1, userId: member.id });
    expect(weeklyDeflection(deps)[0]).toMatchObject({ visits: 2, opened: 0, deflected: 0 });

    deps.clock.advanceMinutes(23 * 60);
    pruneUnusedAskSessions(deps);
    expect(deps.db.select({ id: askSessions.id }).from(askSessions).all()).toHaveLength(3);
    deps.clock.advanceMinutes(2 * 60);
    pruneUnusedAskSessions(deps);
    expect(deps.db.select({ id: askSessions.id }).from(askSessions).all().map((row) => row.id).sort()).toEqual([shown, asked].sort());
    expect(idle).not.toBe(shown);
  });
});
