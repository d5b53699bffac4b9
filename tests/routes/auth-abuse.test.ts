import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, users } from "@db/schema";
import { SESSION_COOKIE } from "~/auth/lucia.server";
import { MAIL_JOB } from "~/services/mail-outbox.server";
import type { MailMessage } from "~/services/mail.server";
import { SIGN_IN_LIMITS, SIGN_UP_LIMIT_PER_ADDRESS } from "~/services/users.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import { makeCategory } from "../qa-helpers";
import { Browserish, pageText, robotCheck, startTestApp, type TestApp } from "../setup/test-app";

// The app trusts X-Forwarded-For from loopback (a reverse proxy there), which lets one test speak
// from many client addresses.
const from = (ip: string) => ({ "X-Forwarded-For": ip });

function post(browser: Browserish, path: string, fields: Record<string, string>, ip: string) {
  return browser.request(path, { method: "POST", body: new URLSearchParams(fields), headers: from(ip) });
}

const hiddenRedirectTo = (html: string) => /<input[^>]*name="redirectTo"[^>]*value="([^"]*)"/.exec(html)?.[1];

describe("sign-in and sign-up under attack, over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe("redirectTo", () => {
    const EVIL = ["/%09/evil.com", "/\t/evil.com", "//evil.com", "/\\evil.com", "/%5Cevil.com", "/.//evil.com", "/\r\nSet-Cookie: a=b", "/ok\u000b", "/\u3000/evil.com", "https://evil.com", "/café"];

    it("after a good password, any destination that is not a plain path on this site becomes the home page, never a server error", async () => {
      const user = await makeUser(app.deps);
      const signInTo = async (redirectTo: string) => {
        const response = await post(new Browserish(app.url), "/auth/sign-in", { email: user.email, password: TEST_PASSWORD, redirectTo }, "10.1.0.1");
        expect(response.status, JSON.stringify(redirectTo)).toBe(302);
        const location = response.headers.get("location")!;
        expect(new URL(location, app.url).origin, JSON.stringify(redirectTo)).toBe(app.url);
        return location;
      };
      for (const redirectTo of EVIL) expect(await signInTo(redirectTo)).toBe("/");
      // Random paths too; a failure names the seed that replays it.
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "binary", maxLength: 12 }), async (path) => void (await signInTo(`/${path}`))),
        { numRuns: 5 },
      );
    });

    it("the sign-in page never carries an unsafe destination into its form or its links", async () => {
      const html = await (await fetch(`${app.url}/auth/sign-in?redirectTo=${encodeURIComponent("/%09/evil.com")}`)).text();
      expect(hiddenRedirectTo(html)).toBe("/");
      expect(pageText(html)).toContain('href="/auth/sign-up"');
    });

    it("a signed-in member sent to sign in again goes on to the destination", async () => {
      const user = await makeUser(app.deps);
      const browser = new Browserish(app.url);
      await post(browser, "/auth/sign-in", { email: user.email, password: TEST_PASSWORD }, "10.1.0.2");
      const again = await browser.request("/auth/sign-in?redirectTo=%2Fnotifications");
      expect(again.status).toBe(302);
      expect(again.headers.get("location")).toBe("/notifications");
      expect((await browser.request("/auth/sign-in?redirectTo=%2F%252F%2Fevil.com")).headers.get("location")).toBe("/");
    });
  });

  describe("sign-in throttle", () => {
    it("ten wrong passwords at once from one address: five are judged, five refused with Retry-After; the owner elsewhere gets in", async () => {
      const user = await makeUser(app.deps);
      const attacker = "10.2.0.1";
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => post(new Browserish(app.url), "/auth/sign-in", { email: user.email, password: "guessing wrong" }, attacker)),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429]);
      for (const response of responses.filter((r) => r.status === 429)) {
        expect(Number(response.headers.get("retry-after"))).toBe(SIGN_IN_LIMITS.perAddressAndAccount.windowMs / 1000);
        expect(await response.text()).toContain("Too many sign-in attempts. Try again in 15 minutes.");
      }

      const owner = new Browserish(app.url);
      const signIn = await post(owner, "/auth/sign-in", { email: user.email, password: TEST_PASSWORD }, "10.2.0.2");
      expect(signIn.status).toBe(302);
      expect(owner.cookies.has(SESSION_COOKIE)).toBe(true);
      const locked = await post(new Browserish(app.url), "/auth/sign-in", { email: user.email, password: TEST_PASSWORD }, attacker);
      expect(locked.status).toBe(429);
    });

    it("an unknown account is throttled exactly like a real one", async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= SIGN_IN_LIMITS.perAddressAndAccount.max; i++) {
        statuses.push((await post(new Browserish(app.url), "/auth/sign-in", { email: "nobody@example.com", password: "guessing wrong" }, "10.2.0.3")).status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    });
  });

  describe("sign-up", () => {
    const form = (handle: string, email = `${handle}@example.com`) => ({ ...robotCheck(app, "sign-up"), email, displayName: `Person ${handle}`, handle, password: "a good long password" });

    it("a registered email gets the same answer as a new one, without a session, and its owner gets a mail", async () => {
      const owner = await makeUser(app.deps);
      const newcomer = new Browserish(app.url);
      const fresh = await post(newcomer, "/auth/sign-up", { ...form("newcomer"), redirectTo: "/notifications" }, "10.3.0.1");
      const prober = new Browserish(app.url);
      const taken = await post(prober, "/auth/sign-up", { ...form("prober", owner.email.toUpperCase()), redirectTo: "/notifications" }, "10.3.0.2");

      expect([fresh.status, taken.status]).toEqual([302, 302]);
      expect(taken.headers.get("location")).toBe(fresh.headers.get("location"));
      expect(fresh.headers.get("location")).toBe("/auth/welcome?redirectTo=%2Fnotifications");
      expect(await taken.text()).toBe(await fresh.text());
      expect(newcomer.cookies.has(SESSION_COOKIE)).toBe(true);
      expect(prober.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(app.deps.db.select().from(users).where(eq(users.handle, "prober")).get()).toBeUndefined();

      // The new member goes straight on; the prober (or the owner who forgot) is told to check their mail.
      const onward = await newcomer.request("/auth/welcome?redirectTo=%2Fnotifications");
      expect([onward.status, onward.headers.get("location")]).toEqual([302, "/notifications"]);
      const welcome = await prober.request("/auth/welcome?redirectTo=%2Fnotifications");
      expect(welcome.status).toBe(200);
      const html = pageText(await welcome.text());
      expect(html).toContain("Check your email");
      expect(html).toContain('href="/auth/sign-in?redirectTo=%2Fnotifications"');
      const notices = app.deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).all().map((job) => job.payload as MailMessage);
      expect(notices.filter((mail) => mail.to === owner.email)).toHaveLength(1);
    });

    it("throttles sign-ups per address with Retry-After", async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= SIGN_UP_LIMIT_PER_ADDRESS.max; i++) {
        const response = await post(new Browserish(app.url), "/auth/sign-up", form(`flood_${i}`), "10.3.1.1");
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers.get("retry-after"))).toBe(SIGN_UP_LIMIT_PER_ADDRESS.windowMs / 1000);
          expect(await response.text()).toContain("Too many new accounts from your network.");
        }
      }
      expect(statuses).toEqual([...Array(SIGN_UP_LIMIT_PER_ADDRESS.max).fill(302), 429]);
      expect((await post(new Browserish(app.url), "/auth/sign-up", form("elsewhere"), "10.3.1.2")).status).toBe(302);
    });

    it("the question asked from the widget survives signing up: sign-in → create an account → the prefilled ask form", async () => {
      const category = makeCategory(app.deps.db, { slug: "roaming-help" });
      const ask = `/ask?${new URLSearchParams({ category: category.slug, title: "Roaming in Spain — charged twice?" })}`;
      const browser = new Browserish(app.url);
      const guarded = await browser.request(ask);
      expect(guarded.status).toBe(302);
      const signInUrl = guarded.headers.get("location")!;
      expect(signInUrl).toBe(`/auth/sign-in?redirectTo=${encodeURIComponent(ask)}`);

      const signInPage = pageText(await (await browser.request(signInUrl)).text());
      const createLink = /href="([^"]*)"[^>]*>Create an account/.exec(signInPage)?.[1];
      expect(createLink).toBe(`/auth/sign-up?redirectTo=${encodeURIComponent(ask)}`);

      const signUpPage = pageText(await (await browser.request(createLink!)).text());
      expect(hiddenRedirectTo(signUpPage)).toBe(ask);
      expect(/Already a member\? <a [^>]*href="([^"]*)"/.exec(signUpPage)?.[1]).toBe(signInUrl);

      const signedUp = await post(browser, createLink!, { ...form("widget_asker"), redirectTo: ask }, "10.3.2.1");
      expect(signedUp.status).toBe(302);
      const onward = await browser.request(signedUp.headers.get("location")!);
      expect([onward.status, onward.headers.get("location")]).toEqual([302, ask]);
      const askPage = await browser.request(ask);
      expect(askPage.status).toBe(200);
      expect(pageText(await askPage.text())).toContain('value="Roaming in Spain — charged twice?"');
    });
  });
});
