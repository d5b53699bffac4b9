import { brotliDecompressSync, constants, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DYNAMIC_COMPRESSION } from "~/express-app.server";
import { rawGet } from "../setup/raw-http";
import { signInAs, startTestApp, type TestApp } from "../setup/test-app";

describe("server headers", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it("gzips a page, and the build assets it loads, for a client that accepts gzip", async () => {
    const page = await rawGet(`${app.url}/`, { "Accept-Encoding": "gzip" });
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(page.headers.vary).toMatch(/Accept-Encoding/i);
    const html = gunzipSync(page.body).toString("utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain("Latest threads");

    // The first script preloaded (React and the Remix runtime), well over the 1 KB below which
    // compressing is not worth it.
    const script = /<link rel="modulepreload" href="(\/build\/_shared\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await rawGet(`${app.url}${script}`, { "Accept-Encoding": "gzip" });
    expect(asset.status).toBe(200);
    expect(asset.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(asset.body).length).toBeGreaterThan(asset.body.length);
  });

  it("compresses a page made per request with brotli, at quality 3 in a 256 KiB window (cheaper than the defaults)", async () => {
    const page = await rawGet(`${app.url}/auth/sign-in`, { "Accept-Encoding": "br" });
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(page.body).toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
    expect(DYNAMIC_COMPRESSION.brotli?.params).toEqual({ [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_LGWIN]: 18 });
    expect(DYNAMIC_COMPRESSION.level).toBe(3);
  });

  it("sends the page as is to a client that does not accept gzip", async () => {
    const page = await rawGet(`${app.url}/`, { "Accept-Encoding": "identity" });
    expect(page.headers["content-encoding"]).toBeUndefined();
    expect(page.body.toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
  });

  it("sends a page rendered per request whole, its length known, not streamed in chunks (issue 14: members' pages)", async () => {
    const { browser } = await signInAs(app);
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    for (const path of ["/", "/notifications", "/no-such-page"]) {
      const page = await rawGet(`${app.url}${path}`, { "Accept-Encoding": "identity", Cookie: cookie });
      expect(page.headers["transfer-encoding"], path).toBeUndefined();
      expect(Number(page.headers["content-length"]), path).toBe(page.body.length);
      // All of it: the hydration data's stream, written after </html>, is closed.
      expect(page.body.toString("utf8"), path).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>[\s\S]*streamController\.close\(\)/i);
    }
    // A HEAD says the length the page would have.
    const head = await rawGet(`${app.url}/`, { "Accept-Encoding": "identity", Cookie: cookie }, "HEAD");
    const get = await rawGet(`${app.url}/`, { "Accept-Encoding": "identity", Cookie: cookie });
    expect(head.body.length).toBe(0);
    expect(Math.abs(Number(head.headers["content-length"]) - get.body.length)).toBeLessThan(200);
  });

  it("refuses framing, isolates the window and does not name the framework on a page", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("asks for HTTPS only (HSTS) when the public URL is https", async () => {
    expect((await fetch(`${app.url}/`)).headers.get("strict-transport-security")).toBeNull();
    const plain = app.deps.env;
    app.deps.env = { ...plain, PUBLIC_URL: "https://community.example" };
    try {
      const response = await fetch(`${app.url}/`);
      expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    } finally {
      app.deps.env = plain;
    }
  });
});
