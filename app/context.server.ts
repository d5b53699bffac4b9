import type { Db } from "@db/client.server";
import type { Env } from "~/utils/env.server";
import type { Clock } from "~/utils/clock";
import type { Mailer } from "~/services/mail.server";
import type { SessionUser } from "~/auth/lucia.server";
import type { Lucia } from "~/auth/lucia.server";
import type { SearchIndex } from "@search/types";
import type { ServerDocument } from "~/utils/server-document";

/** What the server hands every service call: tests build the same object with their own parts. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  env: Env;
  mailer: Mailer;
  lucia: Lucia;
  search: SearchIndex;
}

/** The Remix load context, filled per request by app/server.ts. */
export type RequestContext = {
  deps: AppDeps;
  user: SessionUser | null;
  sessionId: string | null;
  cspNonce: string;
  clientIp: string;
  /** Written by loaders into the server-rendered HTML only (app/utils/server-document.tsx). */
  document: ServerDocument;
};

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
