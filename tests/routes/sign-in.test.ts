import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "~/services/users.server";
import { Browserish, startTestApp, type TestApp } from "../setup/test-app";
import { makeUser } from "../factories";

describe("sign-in form over HTTP", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const emailInput = (html: string) => /<input[^>]*name="email"[^>]*>/.exec(html)?.[0] ?? "";
  const passwordInput = (html: string) => /<input[^>]*name="password"[^>]*>/.exec(html)?.[0] ?? "";

  it("a failed sign-in shows the form again with the email as typed and the password empty", async () => {
    const user = await makeUser(app.deps);
    const typed = user.email.toUpperCase();
    const response = await new Browserish(app.url).post("/auth/sign-in", { email: typed, password: "not the password" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Wrong email or password.");
    expect(emailInput(html)).toContain(`value="${typed}"`);
    expect(passwordInput(html)).not.toContain("value=");
    expect(html).not.toContain("not the password");
  });

  it("keeps the email when the attempt is refused as too many, too", async () => {
    const browser = new Browserish(app.url);
    const email = "throttled@example.com";
    let response: Response | undefined;
    for (let i = 0; i <= SIGN_IN_LIMITS.perAddressAndAccount.max; i++) response = await browser.post("/auth/sign-in", { email, password: "guessing wrong" });
    expect(response!.status).toBe(429);
    expect(emailInput(await response!.text())).toContain(`value="${email}"`);
  });

  it("a fresh sign-in form starts empty", async () => {
    const html = await (await fetch(`${app.url}/auth/sign-in`)).text();
    expect(emailInput(html)).toMatch(/^<input/);
    expect(emailInput(html)).not.toContain("value=");
  });
});
