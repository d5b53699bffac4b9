import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cachedPage, gzippedPageBody, PageCache, pageBody, pageExpiresAt } from "~/utils/page-cache.server";

const page = (body: string, nonce = "NONCE") => cachedPage(Buffer.from(body), nonce, { version: 1, scopes: ["site"], headers: [["content-type", "text/html"]], expiresAt: Infinity });

describe("the page cache's store", () => {
  it("holds no more bytes than it is given, dropping the least recently used page first", () => {
    const cache = new PageCache(8 * 2_100);
    for (const key of ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]) {
      cache.set(key, page("x".repeat(1_500)));
      cache.get("a");
    }
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("j")).toBeDefined();
  });

  it("keeps no more memory for a page than it counts: no piece holds a larger block alive", () => {
    const filler = randomBytes(20_000).toString("base64");
    for (const body of ["tiny", '<script nonce="NONCE">a</script>', `<p>${filler}</p><script nonce="NONCE">x</script><p>${filler.slice(0, 300)}</p>`]) {
      const entry = page(body);
      const blocks = new Set([...entry.pieces, ...entry.deflated].map((piece) => piece.buffer));
      const held = [...blocks].reduce((total, block) => total + block.byteLength, 0);
      // zlib's output used to be a view of a 16 KiB block per piece: ~200 MB held per worker under a 64 MiB cache.
      expect(held, body.slice(0, 20)).toBeLessThanOrEqual(entry.bytes);
    }
  });

  it("keeps no page larger than an eighth of it", () => {
    const cache = new PageCache(8_000);
    cache.set("big", page("x".repeat(2_000)));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("serves a page with the nonce it is given in every place the rendered one stood", () => {
    const entry = page('<script nonce="NONCE">a</script><script nonce="NONCE">b</script>');
    expect(Buffer.concat(pageBody(entry, "fresh")).toString()).toBe('<script nonce="fresh">a</script><script nonce="fresh">b</script>');
    expect(entry.etag).toBe(page('<script nonce="NONCE">a</script><script nonce="NONCE">b</script>', "NONCE").etag);
    expect(entry.etag).not.toBe(page('<script nonce="NONCE">a</script>').etag);
  });

  it("gzips a page with a fresh nonce without compressing it again: the stream unpacks to the page", () => {
    const filler = randomBytes(30_000).toString("base64");
    for (const body of ["no nonce at all", '<script nonce="NONCE">a</script>', `NONCE${filler}<p nonce="NONCE">${filler}</p>NONCE`]) {
      const entry = page(body);
      const gzipped = Buffer.concat(gzippedPageBody(entry, "a+fresh/nonce=="));
      expect(gunzipSync(gzipped).toString()).toBe(Buffer.concat(pageBody(entry, "a+fresh/nonce==")).toString());
      expect(gunzipSync(gzipped).toString()).toBe(body.replaceAll("NONCE", "a+fresh/nonce=="));
    }
  });

  it("expires a page when the first of its relative times would read differently", () => {
    const rendered = new Date("2026-03-12T15:00:00Z");
    const html = '<time dateTime="2026-03-12T14:58:30.000Z">1 minute ago</time><time dateTime="2026-03-01T00:00:00.000Z">1 Mar</time>';
    expect(pageExpiresAt(html, rendered, "UTC")).toBe(new Date("2026-03-12T15:00:30Z").getTime());
    expect(pageExpiresAt("<p>No times here</p>", rendered, "UTC")).toBe(Infinity);
  });
});
