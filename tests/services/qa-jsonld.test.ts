import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { createReply, deletePost } from "~/services/posts.server";
import { getThreadPage } from "~/services/thread-page.server";
import { addMeToo, voteHelpful } from "~/services/votes.server";
import { qaPageJsonLd, scriptSafeJson } from "~/utils/qa-jsonld.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

const SITE = "https://community.example";
const person = (user: User) => ({ "@type": "Person", name: user.displayName, url: `${SITE}/u/${user.handle}` });

describe("QAPage JSON-LD", () => {
  let deps: TestDeps;
  beforeEach(() => {
    deps = createTestDeps();
  });
  afterEach(() => deps.db.$client.close());

  const jsonLdOf = (threadId: number) => qaPageJsonLd(getThreadPage(deps, threadId, null), { publicUrl: SITE });

  it("a problem thread's JSON-LD parses from its script text and names the accepted and suggested answers", async () => {
    const [asker, fixer, guesser, hasItToo, voter] = await Promise.all([makeUser(deps), makeUser(deps), makeUser(deps), makeUser(deps), makeUser(deps)]);
    deps.clock.set("2026-03-02T10:00:00Z");
    const { id, slug } = ask(deps, asker, makeCategory(deps.db), {
      kind: "problem",
      title: "No signal after </script> update",
      body: "Since the update the bars are **gone**.",
    });
    deps.clock.set("2026-03-02T10:30:00Z");
    const guess = createReply(deps, guesser, id, { body: "Restart it?" });
    deps.clock.set("2026-03-02T11:15:00Z");
    const fix = createReply(deps, fixer, id, { body: "Reset the *network settings*." });
    deps.clock.set("2026-03-02T11:20:00Z");
    const gone = createReply(deps, guesser, id, { body: "Never mind" });
    deletePost(deps, guesser, gone.id);
    acceptAnswer(deps, asker, fix.id);
    voteHelpful(deps, voter, fix.id);
    voteHelpful(deps, hasItToo, fix.id);
    voteHelpful(deps, voter, guess.id);
    addMeToo(deps, hasItToo, id);
    addMeToo(deps, voter, id);

    const script = scriptSafeJson(jsonLdOf(id));
    expect(script).not.toContain("</script>");
    const parsed = JSON.parse(script);
    expect(parsed).toEqual(jsonLdOf(id));
    const url = `${SITE}/t/${id}/${slug}`;
    expect(parsed).toEqual({
      "@context": "https://schema.org",
      "@type": "QAPage",
      mainEntity: {
        "@type": "Question",
        name: "No signal after </script> update",
        text: "Since the update the bars are gone.",
        answerCount: 2,
        upvoteCount: 2,
        dateCreated: "2026-03-02T10:00:00.000Z",
        author: person(asker),
        acceptedAnswer: {
          "@type": "Answer",
          text: "Reset the network settings.",
          dateCreated: "2026-03-02T11:15:00.000Z",
          upvoteCount: 2,
          url: `${url}#post-${fix.id}`,
          author: person(fixer),
        },
        suggestedAnswer: [
          {
            "@type": "Answer",
            text: "Restart it?",
            dateCreated: "2026-03-02T10:30:00.000Z",
            upvoteCount: 1,
            url: `${url}#post-${guess.id}`,
            author: person(guesser),
          },
        ],
      },
    });
  });

  it("an unsolved problem has no acceptedAnswer; ideas and praise have no QAPage at all", async () => {
    const asker = await makeUser(deps);
    const helper = await makeUser(deps);
    const category = makeCategory(deps.db);
    const problem = ask(deps, asker, category, { kind: "problem" });
    createReply(deps, helper, problem.id, { body: "Try this" });
    const open = jsonLdOf(problem.id)!;
    expect(open.mainEntity).not.toHaveProperty("acceptedAnswer");
    expect(open.mainEntity.suggestedAnswer).toHaveLength(1);
    expect(jsonLdOf(ask(deps, asker, category, { kind: "idea" }).id)).toBeNull();
    expect(jsonLdOf(ask(deps, asker, category, { kind: "praise" }).id)).toBeNull();
  });
});
