// Every part of a request can be malformed (cookies, Host, the address, the content type, the
// method): each gets a clear 4xx, never a 500, and nothing is logged as an error.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "@db/schema";
import { SESSION_COOKIE } from "~/auth/lucia.server";
import { makeUser } from "../factories";
import { ask, makeCategory, snapshot } from "../qa-helpers";
import { failOnErrorLogs } from "../setup/error-logs";
import { rawExchange, rawRequest } from "../setup/raw-http";
import { Browserish, signInAs, startTestApp, type TestApp } from "../setup/test-app";

describe("malformed requests", () => {
  let app: TestApp;
  let host: string;
  beforeAll(async () => {
    app = await startTestApp();
    host = new URL(app.url).host;
  });
  afterAll(() => app.close());
  // No test here may log an error: each case is the client's mistake, answered as such.
  const logs = failOnErrorLogs();

  const get = (path: string, headers: Record<string, string> = {}) => rawExchange(app.url, rawRequest(`GET ${path} HTTP/1.1`, { Host: host, ...headers }));

  describe("cookies", () => {
    it("a cookie that is not valid percent-encoding, set by anyone on the domain, breaks no page", async () => {
      for (const path of ["/", "/embed", "/healthcheck"]) {
        expect((await get(path, { Cookie: "_ga=GA1.2%ZZ" })).status, path).toBe(200);
      }
    });

    it("a signed-in member stays signed in beside such a cookie", async () => {
      const { user, browser } = await signInAs(app);
      browser.cookies.set("_ga", "GA1.2%ZZ");
      const html = await (await browser.request("/")).text();
      expect(html).toContain(user.displayName);
    });

    it("a session cookie that is garbage means signed out, and is cleared", async () => {
      for (const value of ["%ZZ", "not-a-session", "x".repeat(4000)]) {
        const response = await get("/", { Cookie: `${SESSION_COOKIE}=${value}` });
        expect(response.status).toBe(200);
        expect(response.headers["set-cookie"]).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      }
    });
  });

  describe("the address", () => {
    it.each([
      ["a Host with a space", "/", { Host: "a b" }],
      ["a Host with a path", "/", { Host: "localhost/admin" }],
      ["a port past 65535", "/", { Host: "localhost:99999" }],
      ["a forwarded port past 65535", "/", { "X-Forwarded-Host": "localhost:99999" }],
      ["a forwarded scheme that is not one", "/", { "X-Forwarded-Proto": "a b" }],
      ["a forwarded scheme that is not http", "/", { "X-Forwarded-Proto": "a:b" }],
      ["a path that is not valid percent-encoding", "/%ZZ", {}],
      ["a slug cut inside a percent-encoded character", "/t/1/%E0%A4%A", {}],
      // Found by the property below (seed 168567756): no route matched it, and Remix logged an error.
      ["a path holding an encoded line break", "/a%0Ae", {}],
      ["a path holding an encoded line separator", "/search%E2%80%A8", {}],
      ["an absolute request target", "http://elsewhere.example/", {}],
    ])("%s answers 400 with one line logged", async (_, path, headers) => {
      const response = await get(path, headers);
      expect(response.status).toBe(400);
      expect(response.body).toMatch(/^Bad request: /);
      expect(logs.warnings()).toHaveBeenCalledTimes(1);
      expect(String(logs.warnings().mock.calls[0]![0])).not.toContain("\n");
    });

    it("a line break in the query is ordinary text", async () => {
      expect((await get("/search?q=router%0Areboots")).status).toBe(200);
    });

    it("a request without a Host (HTTP/1.0 health checks) is served as the public address", async () => {
      const response = await rawExchange(app.url, "GET /healthcheck HTTP/1.0\r\n\r\n");
      expect(response.status).toBe(200);
    });

    it("generated cookies, Host headers and addresses never get a 5xx nor log an error", async () => {
      const text = (chars: string, maxLength = 24) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
      // Everything but CR, LF and NUL, which would end the header rather than malform it.
      const tricky = "%ZZ=;,\" '\\/@:?#[]{}<>^`|~!$&()*+aZ09-._\u00e9\u20ac\u{1F600}\t";
      const cookie = fc
        .array(fc.tuple(fc.oneof(fc.constant(SESSION_COOKIE), fc.constant("_ga"), text(tricky, 8)), text(tricky)), { maxLength: 5 })
        .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("; "));
      const hostValue = fc.oneof(fc.constant(host), text(`${tricky}[]:`, 30));
      const path = fc.oneof(
        text("/%0123456789abcdefABCDEFGZz.~-_?=&#+[]:@!$'()*,;\u00e9"),
        fc.constantFrom("/", "/healthcheck", "/embed", "/t/1/x", "/c/none"),
      ).map((value) => (value.startsWith("/") ? value : `/${value}`));
      const forwarded = fc.option(fc.record({ name: fc.constantFrom("X-Forwarded-Host", "X-Forwarded-Proto"), value: text(tricky, 30) }), { nil: undefined });

      await fc.assert(
        fc.asyncProperty(path, hostValue, cookie, forwarded, async (target, hostHeader, cookieHeader, extra) => {
          const headers: Record<string, string> = { Host: hostHeader, Cookie: cookieHeader };
          if (extra) headers[extra.name] = extra.value;
          const response = await rawExchange(app.url, Buffer.from(rawRequest(`GET ${target} HTTP/1.1`, headers), "utf8"));
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          expect(logs.errors().mock.calls).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe("content types", () => {
    let member: { user: User; browser: Browserish };
    let thread: { id: number; slug: string };
    beforeAll(async () => {
      member = await signInAs(app);
      const asker = await makeUser(app.deps);
      thread = ask(app.deps, asker, makeCategory(app.deps.db));
    });

    const bodies: Array<[string, Record<string, string>, string, number]> = [
      ["text/plain", { "Content-Type": "text/plain" }, "email=a%40example.com", 415],
      ["JSON", { "Content-Type": "application/json" }, '{"email":"a@example.com"}', 415],
      ["no Content-Type", {}, "email=a%40example.com", 415],
      ["multipart without a boundary", { "Content-Type": "multipart/form-data" }, "email=a%40example.com", 400],
      ["multipart that does not match its boundary", { "Content-Type": "multipart/form-data; boundary=xyz" }, "not multipart", 400],
    ];

    it.each(bodies)("a form post sent as %s is refused with a clear 4xx, nothing changed", async (_, headers, body, status) => {
      const before = snapshot(app.deps.db);
      for (const path of ["/auth/sign-in", "/ask", `/t/${thread.id}/${thread.slug}`, "/embed/events"]) {
        // Bytes, so that fetch adds no Content-Type of its own.
        const response = await member.browser.request(path, { method: "POST", headers, body: new TextEncoder().encode(body) });
        expect(response.status, path).toBe(status);
      }
      expect(snapshot(app.deps.db)).toEqual(before);
    });

    it("malformed JSON to the widget's counting endpoint is refused, not a server error", async () => {
      const response = await new Browserish(app.url).request("/embed/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
      expect(response.status).toBe(415);
      expect(response.headers.get("accept-post")).toContain("application/x-www-form-urlencoded");
    });
  });

  describe("methods", () => {
    it("OPTIONS on a page answers 204 with the methods it takes", async () => {
      for (const [path, allow] of [
        ["/", "GET, HEAD, OPTIONS"],
        ["/ask", "GET, HEAD, POST, OPTIONS"],
        ["/t/1/any-thread", "GET, HEAD, POST, OPTIONS"],
        ["/embed/events", "POST, OPTIONS"],
      ]) {
        const response = await fetch(`${app.url}${path}`, { method: "OPTIONS" });
        expect(response.status, path).toBe(204);
        expect(response.headers.get("allow"), path).toBe(allow);
      }
    });

    it("OPTIONS on the JSON API still reaches it, for its CORS answer", async () => {
      const response = await fetch(`${app.url}/api/v1/search?q=x`, { method: "OPTIONS" });
      expect(response.status).toBe(204);
      expect(response.headers.get("allow")).toBeNull();
    });

    it("a method a route does not take answers 405 with Allow", async () => {
      const browser = new Browserish(app.url);
      for (const [method, path, allow] of [
        ["POST", "/?index", "GET, HEAD, OPTIONS"],
        ["PUT", "/ask", "GET, HEAD, POST, OPTIONS"],
        ["DELETE", "/healthcheck", "GET, HEAD, OPTIONS"],
        ["GET", "/embed/events", "POST, OPTIONS"],
        // A GET or HEAD is checked only against the routes that take none: each of them must still answer 405.
        ["HEAD", "/resources/markdown-preview", "POST, OPTIONS"],
        ["GET", "/resources/markdown-preview.data", "POST, OPTIONS"],
        ["PROPFIND", "/", "GET, HEAD, OPTIONS"],
      ]) {
        const response = await browser.request(path!, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
      }
      // TRACE is one fetch refuses to send.
      const trace = await rawExchange(app.url, rawRequest("TRACE / HTTP/1.1", { Host: host }));
      expect(trace.status).toBe(405);
    });
  });
});
