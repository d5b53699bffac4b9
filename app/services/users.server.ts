import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { handleHistory, users, type Role, type User } from "@db/schema";
import { HANDLE_RESERVED, HANDLE_TAKEN, RESERVED_HANDLES } from "~/domain/handles";
import { SignInSchema, SignUpSchema, type SignUpInput } from "~/schemas/auth.server";
import { addressKey } from "~/utils/address-key.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { burnPasswordCheck, hashPassword, verifyPassword } from "~/utils/passwords.server";
import { signInPath } from "~/utils/redirect-to";
import { Invalid, NotFound, RateLimited } from "./errors";
import { enqueueMail } from "./mail-outbox.server";
import {
  clearHits,
  consumeHits,
  describeWait,
  isRemembered,
  refundHit,
  remember,
  type Hit,
  type Limit,
} from "./rate-limit.server";
import { getSettings } from "./settings.server";

interface Deps {
  db: Db;
  clock: Clock;
}

const MINUTE = 60_000;

/**
 * Sign-in limits, in the shape of rate-limiter-flexible's login-endpoint recipe. Every attempt is
 * counted before its password is checked; a successful one is given back, so what stays counted
 * is wrong guesses.
 */
export const SIGN_IN_LIMITS = {
  /** Guesses at one account from one address: the lockout a stranger can cause stays at their address. */
  perAddressAndAccount: { max: 5, windowMs: 15 * MINUTE },
  /** Attempts from one address at any accounts (credential stuffing). */
  perAddress: { max: 30, windowMs: 15 * MINUTE },
  /** Attempts at one account from addresses it never signed in from: guessing spread over many addresses. */
  perAccount: { max: 50, windowMs: 60 * MINUTE },
} satisfies Record<string, Limit>;
/** After a successful sign-in the address is trusted past `perAccount` this long, so its owner gets in during an attack. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE;
/** New accounts (and attempts with a registered email, which must look the same) per address. */
export const SIGN_UP_LIMIT_PER_ADDRESS: Limit = { max: 10, windowMs: 60 * MINUTE };
/** "Someone tried to join with your address" mails per address, so sign-up cannot flood an inbox. */
export const SIGN_UP_NOTICE_LIMIT: Limit = { max: 3, windowMs: 24 * 60 * MINUTE };

const WRONG_CREDENTIALS = "Wrong email or password.";
const EMAIL_TAKEN = "An account with this email already exists";

function isUniqueViolation(error: unknown): error is Error & { message: string } {
  return error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_UNIQUE";
}

function findByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** A member's handle now, or once (their old profile address still leads to them). */
function isHandleTaken(db: Db, handle: string): boolean {
  return (
    !!db.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get() ||
    !!db.select({ handle: handleHistory.handle }).from(handleHistory).where(eq(handleHistory.handle, handle)).get()
  );
}

/** Inserts the account; "email-taken" when a concurrent sign-up got the email first. */
function insertUser(
  { db, clock }: Deps,
  fields: Omit<SignUpInput, "password">,
  passwordHash: string,
  role: Role,
  emailVerifiedAt: Date | null,
): User | "email-taken" {
  try {
    return db
      .insert(users)
      .values({ id: randomUUID(), ...fields, passwordHash, role, createdAt: clock.now(), emailVerifiedAt })
      .returning()
      .get();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (error.message.includes("users.handle")) throw new Invalid({ handle: HANDLE_TAKEN });
    return "email-taken";
  }
}

/**
 * Creates an account for operators (the CLI, the seed): a taken email or handle is a field error,
 * also when two calls race for the same one. Public sign-up goes through `signUp`.
 */
export async function createUser(deps: Deps, input: SignUpInput & { role?: Role }): Promise<User> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { password, ...fields } = parsed.data;
  const taken: Record<string, string> = {};
  if (findByEmail(deps.db, fields.email)) taken.email = EMAIL_TAKEN;
  if (isHandleTaken(deps.db, fields.handle)) taken.handle = HANDLE_TAKEN;
  if (Object.keys(taken).length) throw new Invalid(taken);
  // An operator vouches for the address (the seed's and the CLI's accounts): it counts as verified.
  const user = insertUser(deps, fields, await hashPassword(password), input.role ?? "member", deps.clock.now());
  if (user === "email-taken") throw new Invalid({ email: EMAIL_TAKEN });
  return user;
}

export type SignUpResult = { created: true; user: User } | { created: false };

/**
 * Public sign-up, always a member. Throttled per address. Whether an email is registered is never
 * revealed: for a taken one no account is made, its owner is mailed instead, and the caller answers
 * exactly as for a new account (without a session). A taken handle is said (handles are public).
 */
export async function signUp(
  deps: Deps & { env: { PUBLIC_URL: string } },
  input: SignUpInput & { ip: string; redirectTo?: string },
): Promise<SignUpResult> {
  const parsed = SignUpSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { password, ...fields } = parsed.data;
  if (RESERVED_HANDLES.has(fields.handle)) throw new Invalid({ handle: HANDLE_RESERVED });
  if (isHandleTaken(deps.db, fields.handle)) throw new Invalid({ handle: HANDLE_TAKEN });
  const admission = consumeHits(deps, [{ key: `signup:address:${addressKey(input.ip)}`, limit: SIGN_UP_LIMIT_PER_ADDRESS }]);
  if (!admission.allowed) {
    const wait = admission.retryAfterSeconds;
    throw new RateLimited(`Too many new accounts from your network. Try again in ${describeWait(wait)}.`, wait);
  }
  // Hashed either way, so a taken email takes as long as a new one.
  const passwordHash = await hashPassword(password);
  const owner = findByEmail(deps.db, fields.email);
  const user = owner ? "email-taken" : insertUser(deps, fields, passwordHash, "member", null);
  if (user !== "email-taken") return { created: true, user };
  tellOwnerOfSignUpAttempt(deps, fields.email, input.redirectTo);
  return { created: false };
}

function tellOwnerOfSignUpAttempt(deps: Deps & { env: { PUBLIC_URL: string } }, email: string, redirectTo?: string): void {
  if (!consumeHits(deps, [{ key: `signup:notice:${email}`, limit: SIGN_UP_NOTICE_LIMIT }]).allowed) return;
  const owner = findByEmail(deps.db, email);
  if (!owner) return;
  const { siteName } = getSettings(deps);
  enqueueMail(deps.db, deps.clock, {
    to: owner.email,
    subject: `Someone tried to join ${siteName} with your email address`,
    text:
      `Hello ${owner.displayName},\n\nSomeone (perhaps you) just tried to create an account on ${siteName} with ` +
      `this email address. You already have one, so no new account was made and nothing about yours changed.\n\n` +
      `Sign in here: ${deps.env.PUBLIC_URL}${signInPath(redirectTo)}\n\n` +
      `If it was not you, you can ignore this message.\n`,
  });
}

function signInKeys(email: string, ip: string) {
  const address = addressKey(ip);
  return {
    addressAndAccount: `signin:address-account:${address}:${email}`,
    address: `signin:address:${address}`,
    account: `signin:account:${email}`,
    known: `signin:known:${address}:${email}`,
  };
}

/**
 * Checks credentials. The attempt is counted against its address and account before the password
 * is checked, in one atomic step, so parallel guesses are held to the limit; past a limit it is
 * refused without checking. The message never says whether the account exists.
 */
export async function authenticate(deps: Deps, input: { email: string; password: string; ip: string }): Promise<User> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  const { email, password } = parsed.data;
  const keys = signInKeys(email, input.ip);
  const known = isRemembered(deps, keys.known);
  const hits: Hit[] = [
    { key: keys.addressAndAccount, limit: SIGN_IN_LIMITS.perAddressAndAccount },
    { key: keys.address, limit: SIGN_IN_LIMITS.perAddress },
  ];
  if (!known) hits.push({ key: keys.account, limit: SIGN_IN_LIMITS.perAccount });
  const admission = consumeHits(deps, hits);
  if (!admission.allowed) {
    const wait = admission.retryAfterSeconds;
    throw new RateLimited(`Too many sign-in attempts. Try again in ${describeWait(wait)}.`, wait);
  }

  const user = findByEmail(deps.db, email);
  // An unknown account costs a hash check too, so timing does not tell it from a wrong password.
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  // A deleted account's row stays (its posts point at it) but nobody signs in to it again.
  if (!user || !ok || user.deletedAt) throw new Invalid({ form: WRONG_CREDENTIALS });
  clearHits(deps, keys.addressAndAccount);
  refundHit(deps, keys.address);
  if (!known) refundHit(deps, keys.account);
  remember(deps, keys.known, KNOWN_ADDRESS_MS);
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
