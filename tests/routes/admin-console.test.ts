import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories, moderationLog, settings, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { createCategory } from "~/services/category-admin.server";
import { getSettings } from "~/services/settings.server";
import { makeUser } from "../factories";
import { ask } from "../qa-helpers";
import { Browserish, pageText, signInAs, startTestApp, type TestApp } from "../setup/test-app";

/** Every admin form, as a browser would post it; ids are filled in per test app. */
function adminForms(categoryId: number, userId: string): [string, Record<string, string>][] {
  return [
    ["/admin?index", { confirmation: "remove demo" }],
    ["/admin/categories", { intent: "create", name: "Sneaky" }],
    ["/admin/categories", { intent: "update", categoryId: String(categoryId), name: "Renamed" }],
    ["/admin/categories", { intent: "down", categoryId: String(categoryId) }],
    ["/admin/categories", { intent: "archive", categoryId: String(categoryId) }],
    ["/admin/categories", { intent: "delete", categoryId: String(categoryId) }],
    ["/admin/categories", { intent: "escalation", categoryId: String(categoryId), minutes: "5", clock: "calendar", enabled: "on" }],
    ["/admin/users", { userId, role: "admin" }],
    ["/admin/identity", { siteName: "Hijacked", brandName: "X", brandColor: "#000000" }],
  ];
}

const ADMIN_PAGES = ["/admin", "/admin/categories", "/admin/users", "/admin/identity"];

describe("the admin console over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const categoryRow = (id: number) => app.deps.db.select().from(categories).where(eq(categories.id, id)).get();
  const logCount = () => app.deps.db.select().from(moderationLog).all().length;

  it("answers 403 to members, staff and moderators on every admin page and form, changing nothing, and sends guests to sign in", async () => {
    const target = await makeUser(app.deps);
    const category = createCategory(app.deps, await makeUser(app.deps, { role: "admin" }), { name: "Untouchable" });
    const before = { category: categoryRow(category.id), log: logCount(), settings: app.deps.db.select().from(settings).all() };
    for (const role of ["member", "staff", "moderator"] as const) {
      const { browser } = await signInAs(app, role);
      for (const path of ADMIN_PAGES) expect((await browser.request(path)).status, `${role} GET ${path}`).toBe(403);
      for (const [path, fields] of adminForms(category.id, target.id)) {
        expect((await browser.post(path, fields)).status, `${role} POST ${path} ${fields.intent ?? ""}`).toBe(403);
      }
      // The header links only admins to the console.
      expect(pageText(await (await browser.request("/")).text())).not.toContain('href="/admin"');
    }
    expect({ category: categoryRow(category.id), log: logCount(), settings: app.deps.db.select().from(settings).all() }).toEqual(before);
    expect(app.deps.db.select().from(categories).where(eq(categories.name, "Sneaky")).all()).toEqual([]);
    expect(app.deps.db.select({ role: users.role }).from(users).where(eq(users.id, target.id)).get()?.role).toBe("member");
    const guest = new Browserish(app.url);
    for (const path of ADMIN_PAGES) {
      const response = await guest.request(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location")).toContain("/auth/sign-in");
    }
  });

  it("an admin sees every section, with a nav to the existing settings, webhooks and widget pages", async () => {
    const { browser } = await signInAs(app, "admin");
    for (const path of ADMIN_PAGES) {
      const response = await browser.request(path);
      expect(response.status, path).toBe(200);
      const html = pageText(await response.text());
      for (const link of ["/admin/categories", "/admin/users", "/admin/identity", "/admin/settings", "/admin/webhooks", "/admin/widget"]) {
        expect(html, `${path} links ${link}`).toContain(`href="${link}"`);
      }
    }
    expect(pageText(await (await browser.request("/")).text())).toContain('href="/admin"');
  });

  it("an admin creates, edits, orders, archives and deletes categories; a duplicate name or a bad colour is refused next to its field", async () => {
    const { browser } = await signInAs(app, "admin");
    const created = await browser.post("/admin/categories", { intent: "create", name: "Roaming", description: "Abroad", color: "#aa3300" });
    expect(created.status).toBe(302);
    const roaming = app.deps.db.select().from(categories).where(eq(categories.name, "Roaming")).get()!;
    expect(roaming).toMatchObject({ slug: "roaming", description: "Abroad", color: "#aa3300" });

    const duplicate = await browser.post("/admin/categories", { intent: "create", name: "ROAMING", description: "" });
    expect(duplicate.status).toBe(400);
    const duplicateHtml = pageText(await duplicate.text());
    expect(duplicateHtml).toMatch(/id="field-name-error"[^>]*>Another category already has this name</);
    expect(duplicateHtml).toContain('value="ROAMING"');
    expect(app.deps.db.select().from(categories).all().filter((c) => c.name.toLowerCase() === "roaming")).toHaveLength(1);

    const badColour = await browser.post("/admin/categories", { intent: "update", categoryId: String(roaming.id), name: "Roaming", color: "red" });
    expect(badColour.status).toBe(400);
    expect(pageText(await badColour.text())).toMatch(new RegExp(`id="field-c${roaming.id}-color-error"[^>]*>Use a colour like #0a66c2, or leave it blank<`));
    expect(categoryRow(roaming.id)?.color).toBe("#aa3300");

    const badWindow = await browser.post("/admin/categories", { intent: "escalation", categoryId: String(roaming.id), minutes: "0", clock: "calendar" });
    expect(badWindow.status).toBe(400);
    expect(pageText(await badWindow.text())).toMatch(new RegExp(`id="c${roaming.id}-escalation-minutes-note"[^>]*>Use 1 to 20160 minutes`));
    expect((await browser.post("/admin/categories", { intent: "escalation", categoryId: String(roaming.id), minutes: "30", clock: "business" })).status).toBe(302);
    expect(categoryRow(roaming.id)).toMatchObject({ escalateAfterMinutes: 30, escalationClock: "business", escalationEnabled: false });

    expect((await browser.post("/admin/categories", { intent: "update", categoryId: String(roaming.id), name: "Travel", description: "Abroad", color: "" })).status).toBe(302);
    expect(categoryRow(roaming.id)).toMatchObject({ name: "Travel", slug: "roaming", color: null });

    ask(app.deps, await makeUser(app.deps), { slug: "roaming" });
    const refused = await browser.post("/admin/categories", { intent: "delete", categoryId: String(roaming.id) });
    expect(refused.status).toBe(409);
    expect(pageText(await refused.text())).toContain("“Travel” holds 1 thread, so it cannot be deleted; archive it instead.");
    expect((await browser.post("/admin/categories", { intent: "archive", categoryId: String(roaming.id) })).status).toBe(302);
    expect(categoryRow(roaming.id)?.archivedAt).not.toBeNull();
    const page = pageText(await (await browser.request("/admin/categories?saved=archive")).text());
    expect(page).toContain("Category archived.");
    expect(page).toContain(`Restore Travel`);
    expect(pageText(await (await browser.request("/ask")).text())).not.toContain('value="roaming"');

    const empty = await browser.post("/admin/categories", { intent: "create", name: "Empty one" });
    expect(empty.status).toBe(302);
    const emptyId = app.deps.db.select().from(categories).where(eq(categories.name, "Empty one")).get()!.id;
    expect((await browser.post("/admin/categories", { intent: "up", categoryId: String(emptyId) })).status).toBe(302);
    expect((await browser.post("/admin/categories", { intent: "delete", categoryId: String(emptyId) })).status).toBe(302);
    expect(categoryRow(emptyId)).toBeUndefined();
    expect((await browser.post("/admin/categories", { intent: "rename", categoryId: "1" })).status).toBe(400);
  });

  it("an admin finds members and changes a role; the last admin stepping down is told why next to the role", async () => {
    const { user: admin, browser } = await signInAs(app, "admin");
    const member = await makeUser(app.deps, { handle: "findable_fiona" });
    const listed = pageText(await (await browser.request("/admin/users?q=FINDABLE")).text());
    expect(listed).toContain("1 member matching “FINDABLE”");
    expect(listed).toContain('href="/u/findable_fiona"');
    expect(listed).toContain("findable_fiona@example.test");
    expect((await browser.post("/admin/users?q=FINDABLE", { userId: member.id, role: "staff" })).headers.get("location")).toBe("/admin/users?q=FINDABLE&saved=role");
    expect(app.deps.db.select({ role: users.role }).from(users).where(eq(users.id, member.id)).get()?.role).toBe("staff");

    const bad = await browser.post("/admin/users", { userId: member.id, role: "overlord" });
    expect(bad.status).toBe(400);

    // Every other admin steps down, so this one is the last.
    app.deps.db.update(users).set({ role: "member" }).where(eq(users.role, "admin")).run();
    app.deps.db.update(users).set({ role: "admin" }).where(eq(users.id, admin.id)).run();
    const last = await browser.post(`/admin/users?q=${admin.handle}`, { userId: admin.id, role: "member" });
    expect(last.status).toBe(400);
    expect(pageText(await last.text())).toMatch(new RegExp(`id="role-${admin.id}-error"[^>]*>You are the only admin: make someone else an admin before you step down.<`));
    expect(app.deps.db.select({ role: users.role }).from(users).where(eq(users.id, admin.id)).get()?.role).toBe("admin");
  });

  it("an admin sets the site's identity, shown in every title, the header, the home page's welcome and the footer; bad input is refused next to its field and saves nothing", async () => {
    const { browser } = await signInAs(app, "admin");
    const bad = await browser.post("/admin/identity", { siteName: "Acme Help", brandName: "Acme", brandColor: "#ffff00", logoUrl: "https://elsewhere.example/logo.png", linkLabel1: "Shop", linkUrl1: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    const badHtml = pageText(await bad.text());
    expect(badHtml).toMatch(/id="field-brandColor-error"[^>]*>White text on this colour is hard to read/);
    expect(badHtml).toMatch(/id="field-logoUrl-error"[^>]*>Upload the image here: an address on another site is not accepted</);
    expect(badHtml).toMatch(/id="field-linkUrl1-error"[^>]*>Use a full address starting with https:\/\/</);
    expect(badHtml).toContain('value="Acme Help"');
    expect(getSettings(app.deps).siteName).toBe("Peerdesk Community");

    const saved = await browser.post("/admin/identity", {
      siteName: "Acme Help",
      brandName: "Acme",
      brandColor: "#1a4f8b",
      headerColor: "#101820",
      footerText: "© Acme Ltd",
      welcomeText: "Questions about your Acme order? Search here first.",
      linkLabel1: "Acme shop",
      linkUrl1: "https://shop.acme.example",
    });
    expect(saved.status).toBe(302);
    for (const path of ["/search", "/admin/users", "/admin/identity"]) {
      expect(pageText(await (await browser.request(path)).text()), path).toMatch(/<title>[^<]* — Acme Help<\/title>/);
    }
    const guest = new Browserish(app.url);
    expect(pageText(await (await guest.request("/auth/sign-in")).text())).toContain("<title>Sign in — Acme Help</title>");
    const home = pageText(await guest.request("/").then((r) => r.text()));
    expect(home).toContain("<title>Acme Help</title>");
    expect(home).toContain('<a href="https://shop.acme.example/">Acme shop</a>');
    expect(home).toContain("© Acme Ltd");
    expect(home).toContain('<h1 id="welcome-heading">Welcome to Acme Help</h1><p class="hero__text">Questions about your Acme order? Search here first.</p>');
    expect(home).not.toContain("Powered by Peerdesk");
    expect(home).toContain("--header-bg:#101820");
  });

  it("an admin uploads a logo, served from this site and shown in the header; a file that is not an image is refused next to its field, a huge one with 413", async () => {
    const { browser } = await signInAs(app, "admin");
    const upload = (bytes: Buffer, type: string) => {
      const body = new FormData();
      for (const [key, value] of Object.entries({ siteName: "Logo Test", brandName: "Acme", brandColor: "#1a4f8b" })) body.set(key, value);
      body.set("logoFile", new Blob([new Uint8Array(bytes)], { type }), "logo.png");
      return browser.request("/admin/identity", { method: "POST", body });
    };
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

    const notImage = await upload(Buffer.from("<svg onload=alert(1)>"), "image/png");
    expect(notImage.status).toBe(400);
    expect(pageText(await notImage.text())).toMatch(/id="field-logoFile-error"[^>]*>Use a PNG, JPEG, GIF, WebP or ICO image</);
    expect((await upload(Buffer.alloc(1100 * 1024), "image/png")).status).toBe(413);
    expect(getSettings(app.deps).siteName).not.toBe("Logo Test");

    expect((await upload(png, "image/png")).status).toBe(302);
    const logoUrl = getSettings(app.deps).logoUrl!;
    expect(logoUrl).toMatch(/^\/media\/[0-9a-f-]{36}$/);
    expect(pageText(await (await new Browserish(app.url).request("/")).text())).toContain(`<img src="${logoUrl}" alt="Logo Test" class="site-header__logo"/>`);
    const image = await new Browserish(app.url).request(logoUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    expect((await new Browserish(app.url).request("/media/not-an-id")).status).toBe(404);
  });

  it("an admin removes the demo community after typing the phrase; a wrong phrase is refused next to the field", async () => {
    // A database of its own: the demo loads only into an empty one.
    const demoApp = await startTestApp();
    try {
      await removesTheDemo(demoApp);
    } finally {
      await demoApp.close();
    }
  });
});

async function removesTheDemo(app: TestApp) {
  await seedDemo(app.deps);
  const { browser } = await signInAs(app, "admin");
  expect(pageText(await (await browser.request("/admin")).text())).toContain("Remove the demo community");
  const wrong = await browser.post("/admin?index", { confirmation: "delete everything" });
  expect(wrong.status).toBe(400);
  expect(pageText(await wrong.text())).toMatch(/id="field-confirmation-error"[^>]*>Type “remove demo” to confirm</);
  expect(app.deps.db.select().from(users).where(eq(users.email, "ada@example.com")).get()).toBeDefined();
  const done = await browser.post("/admin?index", { confirmation: "remove demo" });
  expect(done.status).toBe(302);
  expect(done.headers.get("location")).toBe("/admin?demo-removed");
  expect(app.deps.db.select().from(users).where(eq(users.email, "ada@example.com")).get()).toBeUndefined();
  const after = pageText(await (await browser.request("/admin?demo-removed")).text());
  expect(after).toContain("The demo community was removed.");
  expect(after).not.toContain("Remove the demo community");
}
