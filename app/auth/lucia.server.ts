// The only file that imports lucia (v3 is in maintenance upstream): swapping it touches nothing else.
import { Lucia as LuciaAuth, TimeSpan, type DatabaseSession, type DatabaseUser } from "lucia";
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { sessions, users, type Role } from "@db/schema";
import { preparedQuery } from "~/utils/prepared-queries.server";

export const SESSION_COOKIE = "peerdesk_session";

/**
 * The drizzle adapter, but a request's session and its member come from one prepared query, with
 * only the columns getUserAttributes reads: the adapter builds two queries on every request (the
 * member's row whole, password hash included), which cost more than running them (issue 14).
 */
class SessionAdapter extends DrizzleSQLiteAdapter {
  constructor(private readonly database: Db) {
    super(database, sessions, users);
  }

  override async getSessionAndUser(sessionId: string): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const db = this.database;
    const row = preparedQuery(db, "lucia:sessionAndUser", () =>
      db
        .select({
          id: sessions.id,
          userId: sessions.userId,
          expiresAt: sessions.expiresAt,
          user: {
            id: users.id,
            handle: users.handle,
            displayName: users.displayName,
            role: users.role,
            reputation: users.reputation,
            suspendedUntil: users.suspendedUntil,
            suspensionReason: users.suspensionReason,
            emailVerifiedAt: users.emailVerifiedAt,
          },
        })
        .from(sessions)
        // A left join, as the adapter's two queries: a session without its member is deleted by lucia.
        .leftJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.id, sql.placeholder("sessionId")))
        .prepare(),
    ).get({ sessionId });
    if (!row) return [null, null];
    const session: DatabaseSession = { id: row.id, userId: row.userId, expiresAt: new Date(row.expiresAt * 1000), attributes: {} };
    if (!row.user) return [session, null];
    const { id, ...attributes } = row.user;
    return [session, { id, attributes }];
  }
}

export function createLucia(db: Db, { secureCookies }: { secureCookies: boolean }) {
  const adapter = new SessionAdapter(db);
  return new LuciaAuth(adapter, {
    // Sessions last 30 days and are extended when used in their second half.
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure: secureCookies, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (row) => ({
      handle: row.handle,
      displayName: row.displayName,
      role: row.role,
      reputation: row.reputation,
      suspendedUntil: row.suspendedUntil,
      suspensionReason: row.suspensionReason,
      emailVerifiedAt: row.emailVerifiedAt,
    }),
  });
}

export type Lucia = ReturnType<typeof createLucia>;

export interface SessionUser {
  id: string;
  handle: string;
  displayName: string;
  role: Role;
  reputation: number;
  suspendedUntil: Date | null;
  suspensionReason?: string | null;
  /** Null until the member follows the link mailed at sign-up. */
  emailVerifiedAt?: Date | number | null;
}

interface DatabaseUserAttributes {
  handle: string;
  displayName: string;
  role: Role;
  reputation: number;
  suspendedUntil: Date | number | null;
  suspensionReason: string | null;
  emailVerifiedAt: Date | number | null;
}

declare module "lucia" {
  interface Register {
    Lucia: Lucia;
    DatabaseUserAttributes: DatabaseUserAttributes;
  }
}

export interface ResolvedSession {
  user: SessionUser | null;
  sessionId: string | null;
  /** A Set-Cookie value to send back: a renewed session, or a blank cookie for a dead one. */
  setCookie: string | null;
}

/**
 * Our session cookie's value from a Cookie header, or null. Only our own cookie is handed to
 * lucia: its parser decodes every cookie of the header and throws on one that is not valid
 * percent-encoding, and any site on the domain (the brand's analytics) can set such a cookie.
 * A value of ours that cannot be decoded is looked up as it is: it names no session, so the
 * visitor is signed out and the cookie cleared, as for any dead session.
 */
function readSessionId(lucia: Lucia, cookieHeader: string): string | null {
  const own = cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!own) return null;
  try {
    return lucia.readSessionCookie(own);
  } catch {
    return own.slice(SESSION_COOKIE.length + 1);
  }
}

/** Validates the session cookie of a request, renewing it when lucia says it is fresh. */
export async function resolveSession(lucia: Lucia, cookieHeader: string | undefined): Promise<ResolvedSession> {
  const sessionId = readSessionId(lucia, cookieHeader ?? "");
  if (!sessionId) return { user: null, sessionId: null, setCookie: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) {
    return { user: null, sessionId: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  const suspendedUntil = user.suspendedUntil == null ? null : new Date(user.suspendedUntil);
  return {
    user: { ...user, suspendedUntil },
    sessionId: session.id,
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
  };
}

export async function startSession(lucia: Lucia, userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

export async function endSession(lucia: Lucia, sessionId: string): Promise<string> {
  await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}
