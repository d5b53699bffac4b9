import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { Role } from "@db/schema";
import { FORM_STAMP_FIELD, HONEYPOT_FIELD } from "~/domain/anti-spam";
import { createExpressApp } from "~/express-app.server";
import { issueFormStamp, type GuardedForm } from "~/services/form-guard.server";
import { parseEnv } from "~/utils/env.server";
import { makeUser, TEST_PASSWORD } from "../factories";
import type { WorkerPeers } from "~/workers.server";
import { createTestDeps, createTestDepsOn, type TestDeps } from "./deps";
import { BUILD_INDEX, ROOT } from "./paths";
import path from "node:path";

export interface TestApp {
  url: string;
  deps: TestDeps;
  close(): Promise<void>;
}

/**
 * The real HTTP app (express + the Remix build) on a loopback port, over a fresh database, or over
 * `file` as another server process on the same database would be; `peers` stands for the other workers.
 */
export async function startTestApp({ file, peers = () => null }: { file?: string; peers?: (topic: string) => WorkerPeers | null } = {}): Promise<TestApp> {
  const deps = file ? createTestDepsOn(file) : createTestDeps();
  const build = (await import(pathToFileURL(BUILD_INDEX).href)) as ServerBuild;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps.env = parseEnv({ NODE_ENV: "test", DATABASE_PATH: deps.file, PUBLIC_URL: url });
  server.on("request", createExpressApp(deps, { build, publicDir: path.join(ROOT, "public"), mode: "production", peers }));
  return {
    url,
    deps,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          deps.db.$client.close();
          resolve();
        });
      }),
  };
}

/** fetch with a cookie jar and a same-origin Origin header, like a browser on our pages. */
export class Browserish {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request(pathname: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const origin = init.origin === undefined ? this.baseUrl : init.origin;
    if (origin) headers.set("Origin", origin);
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (value === "") this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return response;
  }

  post(pathname: string, fields: Record<string, string>, options: { origin?: string | null } = {}) {
    return this.request(pathname, { method: "POST", body: new URLSearchParams(fields), ...options });
  }
}

/** A new user with `role`, signed in through the real sign-in form. */
export async function signInAs(app: TestApp, role: Role = "member") {
  const user = await makeUser(app.deps, { role });
  const browser = new Browserish(app.url);
  const response = await browser.post("/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
  if (response.status !== 302) throw new Error(`Signing in as ${role} answered ${response.status}`);
  return { user, browser };
}

/** Server-rendered HTML without React's `<!-- -->` text separators and with `&amp;` undone, for matching text and links. */
export function pageText(html: string): string {
  return html.replaceAll("<!-- -->", "").replaceAll("&amp;", "&");
}

/**
 * The robot-check fields the sign-up or ask page puts in its form (issue 12), as if the page had
 * been opened a minute before the app's clock: a form a person filled in.
 */
export function robotCheck(app: TestApp, form: GuardedForm): Record<string, string> {
  const openedAt = new Date(app.deps.clock.now().getTime() - 60_000);
  return { [FORM_STAMP_FIELD]: issueFormStamp({ db: app.deps.db, clock: { now: () => openedAt } }, form), [HONEYPOT_FIELD]: "" };
}
