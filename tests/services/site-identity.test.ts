import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { media, moderationLog, settings, type User } from "@db/schema";
import { getBrandImage } from "~/services/brand-images.server";
import { Forbidden, Invalid } from "~/services/errors";
import { DEFAULT_WELCOME_TEXT } from "~/domain/site-identity";
import { getSettings } from "~/services/settings.server";
import { saveSiteIdentity } from "~/services/site-identity.server";
import { makeUser } from "../factories";
import { createTestDeps, type TestDeps } from "../setup/deps";

/** A real 1×1 PNG. */
const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** The same PNG claiming to be 100,000 pixels square: a few bytes that would decode to gigabytes. */
function bombPng(): Buffer {
  const bytes = Buffer.from(TINY_PNG);
  bytes.writeUInt32BE(100_000, 16);
  bytes.writeUInt32BE(100_000, 20);
  return bytes;
}

const GOOD = {
  siteName: "Nimbus Community",
  brandName: "Nimbus Mobile",
  brandColor: "#0B5FAD",
  headerColor: "#0b1f33",
  logoUrl: "/media/logo-1.png",
  faviconUrl: "",
  footerText: "© Nimbus Mobile",
  welcomeText: "Ask Nimbus customers and staff anything about your phone and plan.",
  linkLabel1: "Nimbus shop",
  linkUrl1: "https://shop.nimbus.example",
  linkLabel2: "",
  linkUrl2: "",
  linkLabel3: "Status",
  linkUrl3: "http://status.nimbus.example/now",
};

describe("the site's identity", () => {
  let deps: TestDeps;
  let admin: User;
  beforeEach(async () => {
    deps = createTestDeps();
    admin = await makeUser(deps, { role: "admin" });
  });
  afterEach(() => deps.db.$client.close());

  const fieldsOf = (form: Record<string, string>) => {
    try {
      saveSiteIdentity(deps, admin, form);
    } catch (error) {
      if (error instanceof Invalid) return error.fields;
      throw error;
    }
    throw new Error("expected Invalid");
  };

  it("saves name, colours, logo, header links (blank rows dropped), footer and the Powered-by switch, audited once", () => {
    saveSiteIdentity(deps, admin, GOOD);
    expect(getSettings(deps)).toMatchObject({
      siteName: "Nimbus Community",
      brandName: "Nimbus Mobile",
      brandColor: "#0b5fad",
      headerColor: "#0b1f33",
      logoUrl: "/media/logo-1.png",
      faviconUrl: null,
      footerText: "© Nimbus Mobile",
      welcomeText: "Ask Nimbus customers and staff anything about your phone and plan.",
      showPoweredBy: false,
      headerLinks: [
        { label: "Nimbus shop", url: "https://shop.nimbus.example/" },
        { label: "Status", url: "http://status.nimbus.example/now" },
      ],
    });
    saveSiteIdentity(deps, admin, { ...GOOD, showPoweredBy: "on" });
    expect(getSettings(deps).showPoweredBy).toBe(true);
    expect(deps.db.select().from(moderationLog).all().map((entry) => entry.action)).toEqual(["settings.update", "settings.update"]);
  });

  it("has a welcome text by default; a blank one brings the default back, a too long one is refused next to its field", () => {
    expect(getSettings(deps).welcomeText).toBe(DEFAULT_WELCOME_TEXT);
    saveSiteIdentity(deps, admin, GOOD);
    saveSiteIdentity(deps, admin, { ...GOOD, welcomeText: "   " });
    expect(getSettings(deps).welcomeText).toBe(DEFAULT_WELCOME_TEXT);
    expect(fieldsOf({ ...GOOD, welcomeText: "x".repeat(281) })).toEqual({ welcomeText: "Keep the welcome text under 280 characters" });
    expect(getSettings(deps).welcomeText).toBe(DEFAULT_WELCOME_TEXT);
  });

  it("only an admin can change it", async () => {
    for (const role of ["member", "staff", "moderator"] as const) {
      expect(() => saveSiteIdentity(deps, { id: "x", role }, GOOD)).toThrow(Forbidden);
    }
    expect(deps.db.select().from(settings).all()).toEqual([]);
  });

  it("refuses bad colours, a colour white text cannot be read on, and header links that are not http(s) addresses, each next to its field, saving nothing", () => {
    expect(
      fieldsOf({ ...GOOD, siteName: " ", brandColor: "blue", headerColor: "#12345", linkUrl1: "javascript:alert(1)", linkLabel3: "", linkUrl3: "https://user:pw@status.example" }),
    ).toEqual({
      siteName: "Give the site a name",
      brandColor: "Use a colour like #0a66c2",
      headerColor: "Use a colour like #0a66c2, or leave it blank",
      linkUrl1: "Use a full address starting with https://",
      linkLabel3: "Give the link a label",
      linkUrl3: "Use a full address starting with https://",
    });
    expect(fieldsOf({ ...GOOD, brandColor: "#ffee00" })).toEqual({ brandColor: "White text on this colour is hard to read: pick a darker one" });
    expect(fieldsOf({ ...GOOD, linkUrl2: "ftp://files.example" })).toEqual({ linkLabel2: "Give the link a label", linkUrl2: "Use a full address starting with https://" });
    expect(deps.db.select().from(settings).all()).toEqual([]);
    expect(deps.db.select().from(moderationLog).all()).toEqual([]);
  });

  it("refuses a logo or favicon address pointing at another site", () => {
    for (const elsewhere of ["https://cdn.example/logo.png", "//cdn.example/logo.png", "/\\cdn.example/logo.png", "data:image/png;base64,AAAA", "javascript:alert(1)"]) {
      expect(fieldsOf({ ...GOOD, logoUrl: elsewhere, faviconUrl: elsewhere }), elsewhere).toEqual({
        logoUrl: "Upload the image here: an address on another site is not accepted",
        faviconUrl: "Upload the image here: an address on another site is not accepted",
      });
    }
    expect(getSettings(deps).logoUrl).toBeNull();
  });

  it("stores an uploaded logo and favicon in the database and serves them from this site; a file that is not an image, too large or an image bomb is refused next to its field", () => {
    const refused = (upload: Buffer) => {
      try {
        saveSiteIdentity(deps, admin, GOOD, { logo: upload, favicon: upload });
      } catch (error) {
        if (error instanceof Invalid) return error.fields;
        throw error;
      }
      throw new Error("expected Invalid");
    };
    const notImage = { logoFile: "Use a PNG, JPEG, GIF, WebP or ICO image", faviconFile: "Use a PNG, JPEG, GIF, WebP or ICO image" };
    expect(refused(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"))).toEqual(notImage);
    expect(refused(Buffer.from("GIF89a"))).toEqual(notImage);
    expect(refused(bombPng())).toEqual({ logoFile: "Use an image at most 2048 pixels on each side", faviconFile: "Use an image at most 2048 pixels on each side" });
    expect(refused(Buffer.concat([TINY_PNG, Buffer.alloc(512 * 1024)]))).toEqual({ logoFile: "Use an image under 512 KB", faviconFile: "Use an image under 512 KB" });
    expect(deps.db.select().from(media).all()).toEqual([]);
    expect(deps.db.select().from(settings).all()).toEqual([]);

    saveSiteIdentity(deps, admin, { ...GOOD, logoUrl: "" }, { logo: TINY_PNG });
    const { logoUrl } = getSettings(deps);
    expect(logoUrl).toMatch(/^\/media\/[0-9a-f-]{36}$/);
    expect(getBrandImage(deps, logoUrl!.slice("/media/".length))).toMatchObject({ contentType: "image/png", data: TINY_PNG });
    expect(deps.db.select({ kind: media.kind, width: media.width, height: media.height }).from(media).all()).toEqual([{ kind: "logo", width: 1, height: 1 }]);
  });
});
