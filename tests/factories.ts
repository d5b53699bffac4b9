import type { Role } from "@db/schema";
import { createUser } from "~/services/users.server";
import type { AppDeps } from "~/context.server";

let counter = 0;
export const TEST_PASSWORD = "correct horse battery";

/** A member (or other role) with a unique handle and email. */
export async function makeUser(deps: Pick<AppDeps, "db" | "clock">, options: { role?: Role; handle?: string } = {}) {
  counter += 1;
  const handle = options.handle ?? `user_${process.pid}_${counter}`;
  return createUser(deps, {
    email: `${handle}@example.test`,
    handle,
    displayName: `User ${handle}`,
    password: TEST_PASSWORD,
    role: options.role ?? "member",
  });
}
