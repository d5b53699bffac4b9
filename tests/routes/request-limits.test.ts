// Request bodies have a size limit per kind of route (a few fields, or a post), refused with 413
// before they are read; forms never show back a value longer than its field takes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";
import { failOnErrorLogs } from "../setup/error-logs";
import { rawExchange, rawRequest } from "../setup/raw-http";
import { Browserish, pageText, signInAs, startTestApp, type TestApp, robotCheck } from "../setup/test-app";

describe("request-body limits", () => {
  let app: TestApp;
  let host: string;
  beforeAll(async () => {
    app = await startTestApp();
    host = new URL(app.url).host;
  });
  afterAll(() => app.close());
  failOnErrorLogs();

  const formHeaders = () => ({ Host: host, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" });

  it("a body declared larger than its route takes is refused with 413 before any of it is sent", async () => {
    // 200 MB announced, not a byte sent: the answer comes all the same, and the connection closes.
    const head = rawRequest("POST /auth/sign-in HTTP/1.1", { ...formHeaders(), "Content-Length": String(200 * 1024 * 1024) });
    const response = await rawExchange(app.url, head);
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe("close");
    expect(response.body).toBe("Payload too large: this address takes at most 64 KB.");
  });

  it("a chunked body without a length is refused as soon as it passes the limit, without waiting for its end", async () => {
    const chunk = `email=${"a".repeat(100 * 1024)}`;
    const start = rawRequest("POST /auth/sign-in HTTP/1.1", { ...formHeaders(), "Transfer-Encoding": "chunked" }, `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    // The closing zero-length chunk never comes.
    const response = await rawExchange(app.url, start);
    expect(response.status).toBe(413);
  });

  it("a chunked body within the limit reaches the form", async () => {
    const form = "email=nobody%40example.com&password=wrong";
    const request = rawRequest("POST /auth/sign-in HTTP/1.1", { ...formHeaders(), "Transfer-Encoding": "chunked" }, `${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`);
    expect((await rawExchange(app.url, request)).status).toBe(400);
  });

  it("the longest post, in the widest characters, fits a post's limit but not a sign-in's", async () => {
    const { browser } = await signInAs(app);
    const thread = ask(app.deps, await makeUser(app.deps), makeCategory(app.deps.db));
    // 20,000 characters of three UTF-8 bytes, each byte written %XX: 180,000 bytes on the wire.
    const body = "€".repeat(20_000);
    const reply = await browser.post(`/t/${thread.id}/${thread.slug}`, { intent: "reply", body });
    expect(reply.status).toBe(302);
    const form = new URLSearchParams({ email: "a@example.com", password: body }).toString();
    const signIn = await rawExchange(app.url, rawRequest("POST /auth/sign-in HTTP/1.1", { ...formHeaders(), "Content-Length": String(form.length) }, form));
    expect(signIn.status).toBe(413);
  });

  it("takes its limits from the configuration", async () => {
    const configured = app.deps.env;
    app.deps.env = { ...configured, BODY_LIMIT_FORM_KB: 1 };
    try {
      const form = `email=a%40example.com&password=${"p".repeat(2000)}`;
      const response = await rawExchange(app.url, rawRequest("POST /auth/sign-in HTTP/1.1", { ...formHeaders(), "Content-Length": String(form.length) }, form));
      expect(response.status).toBe(413);
      expect(response.body).toContain("at most 1 KB");
    } finally {
      app.deps.env = configured;
    }
  });
});

describe("forms never show back a value longer than its field takes", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const inputNamed = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";

  it("sign-in drops an email longer than an email can be", async () => {
    const email = `${"a".repeat(10_000)}@example.com`;
    const response = await new Browserish(app.url).post("/auth/sign-in", { email, password: "anything" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain("a".repeat(300));
    expect(inputNamed(html, "email")).toContain(`value=""`);
  });

  it("sign-up keeps the fields that fit and drops the ones that do not, with their errors", async () => {
    const response = await new Browserish(app.url).post("/auth/sign-up", { ...robotCheck(app, "sign-up"),
      email: "new.member@example.com",
      displayName: "N".repeat(5_000),
      handle: "h".repeat(1_000),
      password: "a long enough password",
    });
    expect(response.status).toBe(400);
    const html = pageText(await response.text());
    expect(inputNamed(html, "email")).toContain('value="new.member@example.com"');
    expect(html).toContain("Keep your name under 60 characters");
    expect(html).not.toContain("N".repeat(61));
    expect(html).not.toContain("h".repeat(25));
  });

  it("an answer too long comes back cut at the limit, saying so, and nothing is posted", async () => {
    const { browser } = await signInAs(app);
    const thread = ask(app.deps, await makeUser(app.deps), makeCategory(app.deps.db));
    const before = snapshot(app.deps.db);
    const response = await browser.post(`/t/${thread.id}/${thread.slug}`, { intent: "reply", body: "b".repeat(25_000) });
    expect(response.status).toBe(400);
    const html = pageText(await response.text());
    expect(html).toContain("Keep it under 20,000 characters: yours had 25,000, so only the first 20,000 are kept below.");
    expect(html).toContain(`>${"b".repeat(20_000)}</textarea>`);
    expect(snapshot(app.deps.db)).toEqual(before);
  });

  it("the ask page's preview of a draft too long shows the cut draft and the error, not a preview of it all", async () => {
    const { browser } = await signInAs(app);
    const response = await browser.post("/ask", { ...robotCheck(app, "ask"), intent: "preview", category: "c".repeat(1_000), kind: "nonsense", title: "A title", body: "d".repeat(20_001) });
    const html = pageText(await response.text());
    expect(html).toContain("yours had 20,001");
    expect(html).not.toContain("d".repeat(20_001));
    expect(html).not.toContain("c".repeat(101));
    expect(html).toContain(`name="kind" checked="" value="question"`);
  });
});
