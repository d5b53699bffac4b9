import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "@db/schema";
import { SESSION_COOKIE } from "~/auth/lucia.server";
import { Browserish, startTestApp, type TestApp, robotCheck } from "../setup/test-app";

const form = (handle: string) => ({
  email: `${handle}@example.com`,
  displayName: `Person ${handle}`,
  handle,
  password: "a good long password",
});

describe("auth over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const signUpForm = (handle: string) => ({ ...robotCheck(app, "sign-up"), ...form(handle) });

  it("signs up, shows the name, signs out and signs back in", async () => {
    const browser = new Browserish(app.url);
    const signUp = await browser.post("/auth/sign-up", signUpForm("carla"));
    expect(signUp.status).toBe(302);
    const cookie = signUp.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await (await browser.request("/")).text())).toContain("Person carla");

    expect((await browser.post("/auth/sign-out", {})).status).toBe(302);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await (await browser.request("/")).text()).not.toContain("Person carla");

    const signIn = await browser.post("/auth/sign-in", { email: "CARLA@example.com", password: "a good long password" });
    expect(signIn.status).toBe(302);
    expect(await (await browser.request("/")).text()).toContain("Person carla");
  });

  it("shows field errors next to the fields and keeps what was typed", async () => {
    const browser = new Browserish(app.url);
    const response = await browser.post("/auth/sign-up", { ...robotCheck(app, "sign-up"), ...form("dora"), email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter a valid email address");
    expect(html).toContain("Use at least 10 characters");
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain('value="Person dora"');
    expect(app.deps.db.select().from(users).where(eq(users.handle, "dora")).get()).toBeUndefined();
  });

  it("answers a wrong password with a generic message", async () => {
    const browser = new Browserish(app.url);
    const response = await browser.post("/auth/sign-in", { email: "carla@example.com", password: "not the password" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Wrong email or password.");
  });

  it("rejects a POST from a foreign origin with 403 and changes nothing", async () => {
    const browser = new Browserish(app.url);
    const response = await browser.post("/auth/sign-up", signUpForm("mallory"), { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const noOrigin = await browser.post("/auth/sign-up", signUpForm("mallory"), { origin: null });
    expect(noOrigin.status).toBe(403);
    expect(app.deps.db.select().from(users).where(eq(users.handle, "mallory")).get()).toBeUndefined();
  });

  it("explains a proxy that does not forward the Host header instead of failing with a server error", async () => {
    const browser = new Browserish(app.url);
    const response = await browser.request("/auth/sign-up", {
      method: "POST",
      body: new URLSearchParams(form("proxied")),
      headers: { "X-Forwarded-Host": "peerdesk-internal:3000" },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("must forward the original Host header");
    expect(app.deps.db.select().from(users).where(eq(users.handle, "proxied")).get()).toBeUndefined();
  });

  it("a foreign-origin sign-out leaves the session alone", async () => {
    const browser = new Browserish(app.url);
    await browser.post("/auth/sign-up", signUpForm("erin"));
    const before = app.deps.db.select().from(sessions).all().length;
    const response = await browser.post("/auth/sign-out", {}, { origin: "http://127.0.0.1:1" });
    expect(response.status).toBe(403);
    expect(app.deps.db.select().from(sessions).all().length).toBe(before);
  });

  it("renews a session that is used in the second half of its life", async () => {
    const browser = new Browserish(app.url);
    await browser.post("/auth/sign-up", signUpForm("fay"));
    const sessionId = browser.cookies.get(SESSION_COOKIE)!;
    const soon = Math.floor(Date.now() / 1000) + 3 * 24 * 3600;
    app.deps.db.update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, sessionId)).run();
    const response = await browser.request("/");
    expect(response.headers.get("set-cookie")).toContain(`${SESSION_COOKIE}=${sessionId}`);
    const renewed = app.deps.db.select().from(sessions).where(eq(sessions.id, sessionId)).get()!;
    expect(renewed.expiresAt).toBeGreaterThan(soon + 20 * 24 * 3600);
  });

  it("a throttled sign-in answers 429 with Retry-After", async () => {
    const browser = new Browserish(app.url);
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await browser.post("/auth/sign-in", { email: "victim@example.com", password: "guessing wrong" });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("serves a 404 page for an unknown route and security headers on every page", async () => {
    const response = await fetch(`${app.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("puts the CSP nonce on every script tag", async () => {
    const response = await fetch(`${app.url}/auth/sign-in`);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1]!;
    const html = await response.text();
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });
});
