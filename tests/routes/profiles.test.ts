import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { acceptAnswer } from "~/services/accept.server";
import { createReply } from "~/services/posts.server";
import { setRole } from "~/services/users.server";
import { voteHelpful } from "~/services/votes.server";
import { startTestApp, type TestApp } from "../setup/test-app";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";

/** The page's text from `start` to the end of the element it opens, tags and React's markers removed. */
function textOf(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThan(-1);
  return html.slice(from, html.indexOf(end, from)).replace(/<!-- -->/g, "");
}

const listItems = (section: string) => [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim());

describe("member profiles and role badges over HTTP", () => {
  let app: TestApp;
  let asker: User;
  let helper: User;
  let category: { slug: string; id: number };
  beforeAll(async () => {
    app = await startTestApp();
    asker = await makeUser(app.deps);
    helper = await makeUser(app.deps, { handle: "hana_helps" });
    category = makeCategory(app.deps.db);
  });
  afterAll(() => app.close());

  const page = async (path: string) => {
    const response = await fetch(`${app.url}${path}`);
    return { status: response.status, html: await response.text() };
  };

  it("a profile shows reputation, answers, solved answers, badges (awarded a relative time ago) and recent activity, newest first", async () => {
    const voter = await makeUser(app.deps);
    const charging = ask(app.deps, asker, category, { title: "Phone will not charge" });
    app.deps.clock.advanceMinutes(5);
    const accepted = createReply(app.deps, helper, charging.id, { body: "Clean the port" });
    acceptAnswer(app.deps, asker, accepted.id);
    voteHelpful(app.deps, voter, accepted.id);
    app.deps.clock.advanceMinutes(5);
    const voicemail = ask(app.deps, asker, category, { title: "Voicemail greeting missing", kind: "problem" });
    app.deps.clock.advanceMinutes(5);
    createReply(app.deps, helper, voicemail.id, { body: "Record it again" });
    app.deps.clock.advanceMinutes(5);
    ask(app.deps, helper, category, { title: "Roaming in Spain" });

    const { status, html } = await page("/u/hana_helps");
    expect(status).toBe(200);
    expect(html).toContain(`<title>User hana_helps (@hana_helps) — Peerdesk Community</title>`);
    const stats = textOf(html, '<dl class="profile__stats">', "</dl>");
    expect(stats).toContain('<dt>Reputation</dt><dd data-testid="reputation">17</dd>');
    expect(stats).toContain("<dt>Answers</dt><dd>2</dd>");
    expect(stats).toContain("<dt>Solved answers</dt><dd>1</dd>");
    expect(listItems(textOf(html, 'id="badges-heading"', "</section>"))).toEqual(["First solved answer 15 minutes ago"]);
    const acceptedSection = textOf(html, 'id="accepted-heading"', "</section>");
    expect(acceptedSection).toContain(`href="/t/${charging.id}/${charging.slug}#post-${accepted.id}"`);
    expect(listItems(textOf(html, 'id="activity-heading"', "</section>")).map((item) => item.replace(/ · .*$/, ""))).toEqual([
      "Asked Roaming in Spain",
      "Replied to Voicemail greeting missing",
      "Answered (accepted) Phone will not charge",
    ]);
    expect(html).not.toContain("badge--staff");

    const quiet = await page(`/u/${voter.handle}`);
    expect(quiet.html).toContain('<dd data-testid="reputation">0</dd>');
    expect(quiet.html).toContain("No badges yet.");
    expect(quiet.html).toContain("Nothing yet.");
  });

  it("an unknown handle is a 404", async () => {
    const { status, html } = await page("/u/nobody_by_that_name");
    expect(status).toBe(404);
    expect(html).toContain("Page not found");
  });

  it("an admin's post carries the Admin badge for good; their profile shows the role they have now", async () => {
    const admin = await makeUser(app.deps, { role: "admin" });
    const thread = ask(app.deps, asker, category, { title: "Can staff see my bill?" });
    const official = createReply(app.deps, admin, thread.id, { body: "Only with your permission" });
    const peer = createReply(app.deps, helper, thread.id, { body: "They told me the same" });
    const article = (html: string, postId: number) => textOf(html, `id="post-${postId}"`, "</article>");

    const before = (await page(`/t/${thread.id}/${thread.slug}`)).html;
    expect(article(before, official.id)).toContain('<span class="badge badge--admin">Admin</span>');
    expect(article(before, official.id)).toContain('<span class="badge badge--staff">Peerdesk Staff</span>');
    expect(article(before, peer.id)).not.toContain("badge--admin");
    expect((await page(`/u/${admin.handle}`)).html).toContain('<span class="badge badge--admin">Admin</span>');

    setRole(app.deps, admin.id, "member");
    const after = (await page(`/t/${thread.id}/${thread.slug}`)).html;
    expect(article(after, official.id)).toContain('<span class="badge badge--admin">Admin</span>');
    expect((await page(`/u/${admin.handle}`)).html).not.toContain("badge--admin");
  });
});
