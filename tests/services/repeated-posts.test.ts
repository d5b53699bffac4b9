import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Conflict } from "~/services/errors";
import { createReply, deletePost } from "~/services/posts.server";
import { REPEAT_WINDOW_MS } from "~/services/repeated-posts.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";

// Issue 11: pressing "Post your answer" twice posted the same answer twice.
describe("the same post twice in a row", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  it("a reply repeating the author's own reply in the thread within ten minutes is refused, spacing aside, and nothing is written", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const { id } = ask(deps, asker, makeCategory(deps.db));
    createReply(deps, helper, id, { body: "Hold the reset button\nfor 10 seconds." });
    deps.clock.advance(REPEAT_WINDOW_MS - 1000);
    const before = snapshot(deps.db);
    for (const again of ["Hold the reset button\nfor 10 seconds.", "  Hold the reset  button for 10 seconds.\n\n"]) {
      const refused = (() => {
        try {
          createReply(deps, helper, id, { body: again });
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(Conflict);
      expect(refused).toMatchObject({ field: "body", message: "You posted this same answer a moment ago: it is already in the thread." });
    }
    expect(snapshot(deps.db)).toEqual(before);
  });

  it("the same words are a new post after the window, from someone else, or once the first is deleted; staff may repeat them in another thread", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const other = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps.db);
    const { id } = ask(deps, asker, category);
    const { id: secondThread } = ask(deps, asker, category, { title: "Another question" });
    const first = createReply(deps, helper, id, { body: "Thanks!" });
    createReply(deps, staff, id, { body: "Please restart it." });
    expect(createReply(deps, staff, secondThread, { body: "Please restart it." }).threadId).toBe(secondThread);
    expect(createReply(deps, other, id, { body: "Thanks!" }).threadId).toBe(id);
    expect(createReply(deps, helper, id, { body: "Thanks! It works." }).threadId).toBe(id);
    deletePost(deps, helper, first.id);
    expect(createReply(deps, helper, id, { body: "Thanks!" }).threadId).toBe(id);
    deps.clock.advance(REPEAT_WINDOW_MS);
    expect(createReply(deps, helper, id, { body: "Thanks!" }).threadId).toBe(id);
  });

  it("asking the same question (title and details) twice within the window is refused; a different title or later is fine", async () => {
    const asker = await makeUser(deps, { role: "staff" });
    const category = makeCategory(deps.db);
    ask(deps, asker, category, { title: "Router blinks red", body: "Since **today**." });
    expect(() => ask(deps, asker, category, { title: "Router  blinks red ", body: "Since **today**.\n" })).toThrow(
      new Conflict("You asked this same question a moment ago: it is already posted."),
    );
    expect(ask(deps, asker, category, { title: "Router blinks green", body: "Since **today**." }).id).toBeGreaterThan(0);
    deps.clock.advance(REPEAT_WINDOW_MS);
    expect(ask(deps, asker, category, { title: "Router blinks red", body: "Since **today**." }).id).toBeGreaterThan(0);
  });
});
