// Plain values for moderation, shared by services, schemas and components.

export const FLAG_NOTE_MAX = 500;
export const MODERATION_REASON_MAX = 500;

/** Why a member flags a post. "personal_data" goes to the top of the queue and hides nothing by count. */
export const FLAG_REASONS = ["spam", "abusive", "off_topic", "personal_data", "other"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const FLAG_REASON_LABELS: Record<FlagReason, string> = {
  spam: "Spam",
  abusive: "Abusive or rude",
  off_topic: "Off-topic",
  personal_data: "Contains personal data",
  other: "Something else",
};

/** Everything the audit log records; each moderator or admin act writes exactly one entry. */
export const AUDIT_ACTIONS = [
  "flags.agreed",
  "flags.disagreed",
  "post.hide",
  "post.unhide",
  "post.delete",
  "post.restore",
  "post.edit",
  "thread.delete",
  "thread.restore",
  "thread.duplicate",
  "thread.reopen",
  "thread.merge",
  "thread.lock",
  "thread.unlock",
  "thread.pin",
  "thread.unpin",
  "thread.move",
  "user.suspend",
  "user.unsuspend",
  "user.role",
  "settings.update",
  "category.create",
  "category.update",
  "category.move",
  "category.archive",
  "category.unarchive",
  "category.delete",
  "demo.remove",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "flags.agreed": "Agreed with flags",
  "flags.disagreed": "Dismissed flags",
  "post.hide": "Hid a post",
  "post.unhide": "Restored a hidden post",
  "post.delete": "Deleted a post",
  "post.restore": "Restored a deleted post",
  "post.edit": "Edited someone's post",
  "thread.delete": "Deleted a thread",
  "thread.restore": "Restored a deleted thread",
  "thread.duplicate": "Closed a thread as a duplicate",
  "thread.reopen": "Reopened a duplicate",
  "thread.merge": "Merged a thread",
  "thread.lock": "Locked a thread",
  "thread.unlock": "Unlocked a thread",
  "thread.pin": "Pinned a thread",
  "thread.unpin": "Unpinned a thread",
  "thread.move": "Moved a thread",
  "user.suspend": "Suspended a member",
  "user.unsuspend": "Lifted a suspension",
  "user.role": "Changed a role",
  "settings.update": "Changed settings",
  "category.create": "Created a category",
  "category.update": "Edited a category",
  "category.move": "Reordered categories",
  "category.archive": "Archived a category",
  "category.unarchive": "Restored an archived category",
  "category.delete": "Deleted a category",
  "demo.remove": "Removed the demo community",
};
