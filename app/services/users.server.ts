import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { users, type Role, type User } from "@db/schema";
import { SignInSchema, SignUpSchema, type SignUpInput } from "~/schemas/auth";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Invalid, NotFound, RateLimited } from "./errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "~/utils/passwords.server";
import { clearHits, recordHit, retryAfterSeconds, type Limit } from "./rate-limit.server";

interface Deps {
  db: Db;
  clock: Clock;
}

export const SIGN_IN_LIMIT_PER_ACCOUNT: Limit = { max: 5, windowMs: 15 * 60_000 };
export const SIGN_IN_LIMIT_PER_IP: Limit = { max: 30, windowMs: 15 * 60_000 };
const WRONG_CREDENTIALS = "Wrong email or password.";

function isUniqueViolation(error: unknown): error is Error & { message: string } {
  return error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Creates an account. A taken email or handle is a field error; when two sign-ups race for
 * the same one, the unique index lets one through and the other gets the same field error.
 */
export async function createUser(
  { db, clock }: Deps,
  input: SignUpInput & { role?: Role },
): Promise<User> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { email, handle, displayName, password } = parsed.data;
  const taken: Record<string, string> = {};
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
    taken.email = "An account with this email already exists";
  }
  if (db.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get()) {
    taken.handle = "This handle is taken";
  }
  if (Object.keys(taken).length) throw new Invalid(taken);

  const passwordHash = await hashPassword(password);
  try {
    return db
      .insert(users)
      .values({
        id: randomUUID(),
        email,
        handle,
        displayName,
        passwordHash,
        role: input.role ?? "member",
        createdAt: clock.now(),
      })
      .returning()
      .get();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new Invalid(
      error.message.includes("users.handle")
        ? { handle: "This handle is taken" }
        : { email: "An account with this email already exists" },
    );
  }
}

/** Public sign-up always makes a member; privileged roles come from the CLI, seed or an admin. */
export function signUp(deps: Deps, input: SignUpInput): Promise<User> {
  return createUser(deps, { ...input, role: "member" });
}

/**
 * Checks credentials. Failures are counted per account and per IP; past the limit every attempt
 * is refused until the window ends. The message never says whether the account exists.
 */
export async function authenticate(
  deps: Deps,
  input: { email: string; password: string; ip: string },
): Promise<User> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { email, password } = parsed.data;
  const accountKey = `signin:account:${email}`;
  const ipKey = `signin:ip:${input.ip}`;
  const wait = Math.max(
    retryAfterSeconds(deps, accountKey, SIGN_IN_LIMIT_PER_ACCOUNT),
    retryAfterSeconds(deps, ipKey, SIGN_IN_LIMIT_PER_IP),
  );
  if (wait > 0) {
    throw new RateLimited(`Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
  }

  const user = deps.db.select().from(users).where(eq(users.email, email)).get();
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    recordHit(deps, accountKey, SIGN_IN_LIMIT_PER_ACCOUNT);
    recordHit(deps, ipKey, SIGN_IN_LIMIT_PER_IP);
    throw new Invalid({ form: WRONG_CREDENTIALS });
  }
  clearHits(deps, accountKey);
  return user;
}

export function findUserByHandle({ db }: Pick<Deps, "db">, handle: string): User {
  const user = db.select().from(users).where(eq(users.handle, handle.toLowerCase())).get();
  if (!user) throw new NotFound("No such member");
  return user;
}

export function setRole({ db }: Pick<Deps, "db">, userId: string, role: Role): void {
  const result = db.update(users).set({ role }).where(eq(users.id, userId)).run();
  if (result.changes === 0) throw new NotFound("No such member");
}
