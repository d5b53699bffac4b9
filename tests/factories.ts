import { eq } from "drizzle-orm";
import { users, type Role } from "@db/schema";
import { createUser } from "~/services/users.server";
import type { AppDeps } from "~/context.server";

let counter = 0;
export const TEST_PASSWORD = "correct horse battery";
/** How old a test's accounts are unless it says otherwise: past the anti-spam rules for new accounts. */
export const ESTABLISHED_ACCOUNT_AGE_MS = 30 * 24 * 60 * 60_000;

/**
 * A member (or other role) with a unique handle and email. The account is a month old, an
 * established member, unless `newAccount` (created now, under the new-account limits) or `createdAt`.
 */
export async function makeUser(
  deps: Pick<AppDeps, "db" | "clock">,
  options: { role?: Role; handle?: string; newAccount?: boolean; createdAt?: Date } = {},
) {
  counter += 1;
  const handle = options.handle ?? `user_${process.pid}_${counter}`;
  const user = await createUser(deps, {
    email: `${handle}@example.test`,
    handle,
    displayName: `User ${handle}`,
    password: TEST_PASSWORD,
    role: options.role ?? "member",
  });
  if (options.newAccount && !options.createdAt) return user;
  const createdAt = options.createdAt ?? new Date(deps.clock.now().getTime() - ESTABLISHED_ACCOUNT_AGE_MS);
  deps.db.update(users).set({ createdAt }).where(eq(users.id, user.id)).run();
  return { ...user, createdAt };
}
