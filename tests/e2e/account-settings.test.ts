import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { photoWithMetadata } from "../fixtures/images";
import { expectAccessible, launchBrowser, startServer, watchErrors, type RunningServer } from "./support";

describe.each([
  { javaScript: false, label: "without JavaScript" },
  { javaScript: true, label: "with JavaScript" },
])("account settings in Chromium, $label", ({ javaScript }) => {
  let server: RunningServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser({ javaScriptEnabled: javaScript });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("changes the display name and uploads a picture, which then shows beside the member's post", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel("Email").fill("alice@example.com");
    await page.getByLabel("Password").fill("peerdesk-demo");
    await page.getByRole("button", { name: /^sign in$/i }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/account/profile`);
    await expectAccessible(page);
    const name = javaScript ? "Alice Newname" : "Alice Nojs";
    await page.getByLabel("Name shown beside your posts").fill(name);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => page.getByText("Your name is changed.").count()).toBe(1);

    // A wrong file first: its message shows next to the field.
    await page.getByLabel("Upload a picture").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text") });
    await page.getByRole("button", { name: "Upload picture" }).click();
    await expect.poll(() => page.getByText("Choose a PNG, JPEG, GIF or WebP image").count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("Upload a picture").setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: await photoWithMetadata() });
    await page.getByRole("button", { name: "Upload picture" }).click();
    await expect.poll(() => page.getByText("Your picture is uploaded.").count()).toBe(1);
    await expect.poll(() => page.getByRole("img", { name: "Your picture" }).count()).toBe(1);

    // Her profile lists her posts; the first leads to a thread where her post carries the picture and new name.
    await page.getByRole("link", { name: /^\/u\// }).click();
    await page.waitForURL(/\/u\/alice/);
    await page.locator(".activity-list a").first().click();
    await page.waitForURL(/\/t\//);
    const post = page.locator(".post__author", { hasText: name }).first();
    await expect.poll(() => post.locator("img.avatar").count()).toBe(1);
    const src = await post.locator("img.avatar").getAttribute("src");
    expect(src).toMatch(/^\/avatars\/[0-9a-f]{40}\.webp$/);
    await expect.poll(() => post.locator("img.avatar").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
    await expectAccessible(page);
    for (const path of ["/account", "/account/email", "/account/password", "/account/delete"]) {
      await page.goto(`${server.url}${path}`);
      await expectAccessible(page);
    }
    expect(errors).toEqual([]);
  });
});
