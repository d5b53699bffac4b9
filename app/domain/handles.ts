/**
 * Handles nobody may take: they would pass for the site or its staff in a thread ("@support said…"),
 * or read as a part of the site's address scheme.
 */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  "abuse", "account", "admin", "administrator", "anonymous", "api", "auth", "deleted", "deleted_user", "help",
  "helpdesk", "me", "mod", "moderator", "moderators", "noreply", "no_reply", "null", "official", "peerdesk",
  "postmaster", "root", "security", "settings", "staff", "support", "system", "team", "undefined", "webmaster",
]);

export const HANDLE_RESERVED = "This handle is reserved: choose another";
export const HANDLE_TAKEN = "This handle is taken";

/** A deleted account's handle (`deleted-<id>`): no handle a member can choose has a hyphen, so none is mistaken for one. */
export function isDeletedAccountHandle(handle: string): boolean {
  return handle.startsWith("deleted-");
}
