// The deflection figure on /staff/insights counts ask visits that opened a suggestion and did not
// post. Issue 11 found it forgeable: any GET of /api/v1/ask-sessions/<any uuid>/opened (an <img> on
// any site sends one) added a deflected visit. Openings now count only for sessions the ask page
// issued to the member, for threads suggested in them, once each.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askSessions, askSuggestions } from "@db/schema";
import { drainQueue } from "~/jobs/scheduler.server";
import { SEARCH_SYNC_HANDLER } from "~/jobs/search-jobs.server";
import { acceptAnswer } from "~/services/accept.server";
import { weeklyDeflection } from "~/services/ask-sessions.server";
import { createReply } from "~/services/posts.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { Browserish, signInAs, startTestApp, type TestApp, robotCheck } from "../setup/test-app";

describe("the deflection figure", () => {
  let app: TestApp;
  let category: { slug: string };
  let solved: { id: number; slug: string };
  let unrelated: { id: number; slug: string };

  const thisWeek = () => weeklyDeflection(app.deps)[0]!;
  const sessionOf = (html: string) => /name="askSession" value="([0-9a-f-]{36})"/.exec(html)![1]!;
  const openedLink = (session: string, thread: { id: number; slug: string }) =>
    `/api/v1/ask-sessions/${session}/opened?to=${encodeURIComponent(`/t/${thread.id}/${thread.slug}`)}`;

  beforeAll(async () => {
    app = await startTestApp();
    const deps = app.deps;
    const asker = await makeUser(deps);
    const staff = await makeUser(deps, { role: "staff" });
    category = makeCategory(deps.db);
    solved = ask(deps, asker, category, { title: "Quibbly router keeps rebooting", body: "Every hour, on the hour." });
    acceptAnswer(deps, asker, createReply(deps, staff, solved.id, { body: "Update the quibbly firmware." }).id);
    unrelated = ask(deps, asker, category, { title: "Roaming charges in Spain", body: "Are they included?" });
    await drainQueue(deps, [SEARCH_SYNC_HANDLER]);
  });
  afterAll(() => app.close());

  it("counts an opening only from the member the ask page issued the session to, for a suggested thread, once", async () => {
    const { browser: member } = await signInAs(app);
    const page = await (await member.request("/ask?title=quibbly%20reboots")).text();
    const session = sessionOf(page);
    expect(page).toContain(openedLink(session, solved));
    const before = thisWeek();

    // An image on another site sends no cookie (SameSite=Lax): still a redirect to the thread, never a count.
    for (let i = 0; i < 10; i++) {
      const forged = await fetch(`${app.url}${openedLink(session, solved)}`, { redirect: "manual" });
      expect(forged.status).toBe(302);
      expect(forged.headers.get("location")).toBe(`/t/${solved.id}/${solved.slug}`);
    }
    for (let i = 0; i < 10; i++) await fetch(`${app.url}${openedLink(randomUUID(), solved)}`, { redirect: "manual" });
    // Another member who learned the id, and the member opening a thread never suggested to them.
    const { browser: other } = await signInAs(app);
    await other.request(openedLink(session, solved));
    expect((await member.request(openedLink(session, unrelated))).headers.get("location")).toBe(`/t/${unrelated.id}/${unrelated.slug}`);
    expect(thisWeek()).toEqual(before);

    const opened = await member.request(openedLink(session, solved));
    expect(opened.headers.get("location")).toBe(`/t/${solved.id}/${solved.slug}`);
    expect(thisWeek()).toMatchObject({ visits: before.visits, opened: before.opened + 1, deflected: before.deflected + 1 });
    await member.request(openedLink(session, solved));
    expect(thisWeek()).toMatchObject({ opened: before.opened + 1, deflected: before.deflected + 1 });
    const rows = app.deps.db.select().from(askSuggestions).where(eq(askSuggestions.sessionId, session)).all();
    expect(rows.filter((row) => row.openedAt).map((row) => row.threadId)).toEqual([solved.id]);

    const staff = await signInAs(app, "staff");
    const insights = await (await staff.browser.request("/staff/insights")).text();
    expect(insights).toContain(`<td>${before.visits}</td><td>${before.opened + 1}</td><td>${before.deflected + 1}</td>`);
  });

  it("suggests through the counter only for the member's own issued session; an invented one gets plain links and no visit", async () => {
    const { browser: member } = await signInAs(app);
    const session = sessionOf(await (await member.request("/ask")).text());
    const similar = async (browser: Browserish | null, askSession: string) => {
      const url = `/api/v1/similar?title=quibbly%20router&askSession=${askSession}`;
      const response = browser ? await browser.request(url) : await fetch(`${app.url}${url}`);
      return ((await response.json()) as { threads: { id: number; href: string }[] }).threads;
    };
    const visits = thisWeek().visits;

    const invented = randomUUID();
    expect((await similar(member, invented))[0]).toMatchObject({ id: solved.id, href: `/t/${solved.id}/${solved.slug}` });
    expect((await similar(null, session))[0]!.href).toBe(`/t/${solved.id}/${solved.slug}`);
    expect(app.deps.db.select().from(askSessions).where(eq(askSessions.id, invented)).get()).toBeUndefined();
    expect(thisWeek().visits).toBe(visits);

    expect((await similar(member, session))[0]!.href).toBe(openedLink(session, solved));
    expect(thisWeek().visits).toBe(visits + 1);
  });

  it("marks the member's own session as posted when they ask anyway, and no one else's", async () => {
    const { browser: member } = await signInAs(app);
    const session = sessionOf(await (await member.request("/ask?title=quibbly%20reboots")).text());
    const { browser: other } = await signInAs(app);
    const foreign = await other.post("/ask", { ...robotCheck(app, "ask"), intent: "post", category: category.slug, kind: "question", title: "Quibbly reboots for me too", body: "Same here.", askSession: session });
    expect(foreign.status).toBe(302);
    expect(app.deps.db.select().from(askSessions).where(eq(askSessions.id, session)).get()!.postedThreadId).toBeNull();

    const posted = await member.post("/ask", { ...robotCheck(app, "ask"), intent: "post", category: category.slug, kind: "question", title: "Quibbly still reboots", body: "The update did not help.", askSession: session });
    expect(posted.status).toBe(302);
    const row = app.deps.db.select().from(askSessions).where(eq(askSessions.id, session)).get()!;
    expect(row.postedThreadId).toBe(Number(/\/t\/(\d+)\//.exec(posted.headers.get("location")!)![1]));
  });

  it("leads to a suggested thread whose title is not in Latin letters, and counts it", async () => {
    const asker = await makeUser(app.deps);
    const chinese = ask(app.deps, asker, category, { title: "充电器 quibbly 坏了", body: "Charger broke." });
    expect(chinese.slug).toBe("充电器-quibbly-坏了");
    await drainQueue(app.deps, [SEARCH_SYNC_HANDLER]);
    const { browser: member } = await signInAs(app);
    const page = await (await member.request("/ask?title=quibbly%20%E5%85%85%E7%94%B5%E5%99%A8")).text();
    const session = sessionOf(page);
    const before = thisWeek();
    const opened = await member.request(openedLink(session, chinese));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/t/${chinese.id}/${encodeURIComponent(chinese.slug)}`);
    expect((await member.request(opened.headers.get("location")!)).status).toBe(200); // the thread's own address
    expect(thisWeek().opened).toBe(before.opened + 1);
    // A slug that is not one (a path, a scheme, a backslash) falls back to the thread's own address.
    for (const odd of ["x/../../evil", "%2F%2Fevil.example", "a%5Cb"]) {
      const response = await member.request(`/api/v1/ask-sessions/${session}/opened?to=${encodeURIComponent(`/t/${chinese.id}/${odd}`)}`);
      expect(response.headers.get("location"), odd).toMatch(new RegExp(`^/(t/${chinese.id})?$`));
    }
  });

  it("keeps the page's session through a preview without JavaScript", async () => {
    const { browser: member } = await signInAs(app);
    const session = sessionOf(await (await member.request("/ask?title=quibbly%20reboots")).text());
    const preview = await member.post("/ask", { ...robotCheck(app, "ask"), intent: "preview", category: category.slug, kind: "question", title: "Quibbly", body: "**Help**", askSession: session });
    expect(sessionOf(await preview.text())).toBe(session);
  });
});
