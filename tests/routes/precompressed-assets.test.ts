import fs from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDirectory } from "~/cli/precompress-directory";
import { ROOT, TMP } from "../setup/paths";
import { rawGet } from "../setup/raw-http";
import { startTestApp, type TestApp } from "../setup/test-app";
import { readBrowserManifest } from "../tooling/client-scripts";

const BROWSER = "gzip, deflate, br, zstd";

describe("build assets go out precompressed (written by `npm run build`)", () => {
  let app: TestApp;
  // The largest script every page loads: React and the Remix runtime.
  const asset = readBrowserManifest(ROOT).entry.imports![0]!;
  const original = fs.readFileSync(path.join(ROOT, "public", asset));
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  function expectAssetHeaders(headers: Record<string, string | string[] | undefined>) {
    expect(headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(headers["cache-control"]).toMatch(/max-age=31536000/);
    expect(headers["cache-control"]).toMatch(/immutable/);
    expect(headers.vary).toMatch(/Accept-Encoding/i);
  }

  it("sends the brotli copy to a browser that accepts br, even listed after gzip", async () => {
    const response = await rawGet(`${app.url}${asset}`, { "Accept-Encoding": BROWSER });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expectAssetHeaders(response.headers);
    expect(response.body.equals(fs.readFileSync(path.join(ROOT, "public", `${asset}.br`)))).toBe(true);
    expect(brotliDecompressSync(response.body).equals(original)).toBe(true);
  });

  it("sends the gzip copy to a client that accepts gzip and not br", async () => {
    for (const accept of ["gzip", "br;q=0, gzip"]) {
      const response = await rawGet(`${app.url}${asset}`, { "Accept-Encoding": accept });
      expect(response.headers["content-encoding"], accept).toBe("gzip");
      expectAssetHeaders(response.headers);
      expect(response.body.equals(fs.readFileSync(path.join(ROOT, "public", `${asset}.gz`)))).toBe(true);
      expect(gunzipSync(response.body).equals(original)).toBe(true);
      // Zopfli's gzip, smaller than zlib's strongest level (what a browser without br downloads).
      expect(response.body.length).toBeLessThan(gzipSync(original, { level: 9 }).length * 0.99);
    }
  });

  it("sends the file as it is to a client that accepts no encoding", async () => {
    const response = await rawGet(`${app.url}${asset}`, { "Accept-Encoding": "identity" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expectAssetHeaders(response.headers);
    expect(response.body.equals(original)).toBe(true);
  });

  it("answers HEAD with the headers alone, and serves nothing outside the build folder", async () => {
    const head = await rawGet(`${app.url}${asset}`, { "Accept-Encoding": BROWSER }, "HEAD");
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
    const escape = await rawGet(`${app.url}/build/..%2f..%2fpackage.json`, { "Accept-Encoding": BROWSER });
    expect(escape.status).not.toBe(200);
  });

  it("writes a copy only of text files it makes smaller", async () => {
    const dir = fs.mkdtempSync(path.join(TMP, "precompress-"));
    fs.mkdirSync(path.join(dir, "_shared"));
    fs.writeFileSync(path.join(dir, "_shared/big.js"), "export const x = 1;\n".repeat(200));
    fs.writeFileSync(path.join(dir, "tiny.css"), "a{}");
    fs.writeFileSync(path.join(dir, "logo.png"), Buffer.alloc(500));
    expect(await precompressDirectory(dir)).toBe(2);
    expect(fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()).toEqual(
      ["_shared", "_shared/big.js", "_shared/big.js.br", "_shared/big.js.gz", "logo.png", "tiny.css"].map((name) => name.split("/").join(path.sep)),
    );
    expect(gunzipSync(fs.readFileSync(path.join(dir, "_shared/big.js.gz"))).toString()).toBe("export const x = 1;\n".repeat(200));
  });
});
