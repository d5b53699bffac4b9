import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RedirectToSchema } from "~/schemas/auth.server";
import { safeRedirectPath, signInPath, signUpPath } from "~/utils/redirect-to";

const SITE = "https://community.example";
const PAGE = `${SITE}/auth/sign-in?redirectTo=x`;

/**
 * Every way a browser or a client router may read a Location value: as written, with its escapes
 * decoded once or twice, with the tabs and newlines the URL parser drops removed and backslashes read
 * as slashes. The host it lands on in each reading.
 */
function landings(location: string): string[] {
  const readings = [location];
  for (let i = 0; i < 2; i++) {
    try {
      readings.push(decodeURIComponent(readings.at(-1)!));
    } catch {
      break;
    }
  }
  return readings.flatMap((reading) => {
    const browserish = reading.replace(/[\t\n\r]/g, "").replaceAll("\\", "/").trim();
    try {
      return [new URL(reading, PAGE).origin, new URL(browserish, PAGE).origin];
    } catch {
      return ["unparseable"];
    }
  });
}

// Pieces attackers combine: escapes and raw forms of what browsers strip or reinterpret.
const TRICKY = [
  "/", "//", "\\", "/\\", "%09", "%0a", "%0A", "%0d", "%0b", "%2f", "%2F", "%5c", "%5C", "%25", "%252f", "%2509",
  "\t", "\n", "\r", "\v", "\f", " ", "\u00a0", "\u1680", "\u2028", "\u2029", "\u3000", "\ufeff", "\u200b", "\u0000",
  "%E3%80%80", "%C2%A0", "%E2%80%A8", ".", "..", "./", "../", "evil.com", "@evil.com", ":", "https:", "javascript:",
  "?", "#", "&", "=", "a", "%", "%zz",
];
const trickyValue = fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }).map((parts) => parts.join(""));
const anyValue = fc
  .tuple(fc.boolean(), fc.oneof(trickyValue, fc.string({ unit: "binary", maxLength: 40 })))
  .map(([slash, value]) => (slash ? `/${value}` : value));

describe("the destination after signing in (redirectTo)", () => {
  it.each([
    ["/%09/evil.com"], ["/\t/evil.com"], ["/%0a/evil.com"], ["/%0d%0a/evil.com"], ["/%0b/evil.com"], ["/\\evil.com"],
    ["/%5Cevil.com"], ["//evil.com"], ["/%2F/evil.com"], ["/.%2F/evil.com"], ["/%252F%252Fevil.com%25zz"], ["/%255Cevil.com%25zz"], ["/%2f%2fevil.com"], ["/.//evil.com"], ["/a/..//evil.com"],
    ["/%252F/evil.com"], ["/%2509/evil.com"], ["/\u3000/evil.com"], ["/%E3%80%80/evil.com"], ["/\ufeff/evil.com"],
    ["/\r\nSet-Cookie: x=1"], ["/ok\r\n"], ["/ok\u000b"], ["https://evil.com"], ["javascript:alert(1)"], [" /ok"],
    ["evil.com"], [""], ["/%zz"], ["/café"], ["/问题"],
  ])("refuses %j and sends people home instead", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });

  it("refuses an address longer than any the site writes", () => {
    expect(safeRedirectPath(`/ask?title=${"a".repeat(3000)}`)).toBe("/");
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/ask"], { path: "/ask" }]) expect(safeRedirectPath(value)).toBe("/");
    expect(RedirectToSchema.parse(undefined)).toBe("/");
  });

  it.each([
    ["/"],
    ["/ask?category=billing&title=Charged%20twice%20%E2%80%94%20help"],
    ["/ask?title=%E6%89%8B%E6%9C%BA%E6%B2%A1%E6%9C%89%E4%BF%A1%E5%8F%B7&body=line%0Aline"],
    ["/t/12/roaming-in-spain?page=2#post-40"],
    ["/t/12/%E6%BC%AB%E6%B8%B8"],
    ["/search?q=100%25"],
    ["/u/ben"],
  ])("keeps the plain site path %j as it is", (value) => {
    expect(safeRedirectPath(value)).toBe(value);
    expect(RedirectToSchema.parse(value)).toBe(value);
  });

  it("whatever it is given, the result lands on this site in every reading and fits in a Location header", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const result = safeRedirectPath(value);
        new Headers({ Location: result });
        return (result === "/" || result === value) && landings(result).every((origin) => origin === SITE);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every path the site itself writes: encoded segments and an encoded query of any text", () => {
    const segment = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).map(encodeURIComponent);
    const sitePath = fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(fc.string({ unit: "grapheme", maxLength: 40 })))
      .map(([segments, title]) => `/${segments.join("/")}${title === null ? "" : `?title=${encodeURIComponent(title)}`}`)
      // "." and ".." are segments the URL parser resolves; the site never writes them.
      .filter((path) => !path.split(/[?#]/, 1)[0]!.split("/").some((s) => s === "." || s === ".." || /^%2e/i.test(s)));
    fc.assert(
      fc.property(sitePath, (path) => {
        const decodedPath = decodeURIComponent(path.split("?", 1)[0]!);
        // Decoded, a segment such as ".%2F" is a dot segment too ("/.//x" resolves to "//x", another host to a router).
        const hasDotSegment = decodedPath.split("/").some((s) => s === "." || s === "..");
        fc.pre(!/[\\\s\p{Cc}\p{Cf}\p{Z}]/u.test(decodedPath) && !decodedPath.startsWith("//") && !decodedPath.includes("%") && !hasDotSegment);
        expect(safeRedirectPath(path)).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });

  it("links to sign in and sign up carry a safe destination, and none for the home page", () => {
    expect(signInPath("/ask?category=billing&title=Help")).toBe("/auth/sign-in?redirectTo=%2Fask%3Fcategory%3Dbilling%26title%3DHelp");
    expect(signUpPath("/t/1/x")).toBe("/auth/sign-up?redirectTo=%2Ft%2F1%2Fx");
    expect(signInPath("/%09/evil.com")).toBe("/auth/sign-in");
    expect(signUpPath("/")).toBe("/auth/sign-up");
  });
});
