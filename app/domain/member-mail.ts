// What member email is about; components read these too, so nothing here imports server code.

/** The kinds of member email, each switched on or off on /account. */
export const MEMBER_MAIL_KINDS = ["answer", "accepted", "staff_answer"] as const;
export type MemberMailKind = (typeof MEMBER_MAIL_KINDS)[number];

/** "instant": a mail per event; "daily": one digest a day instead. */
export const MAIL_DELIVERIES = ["instant", "daily"] as const;
export type MailDelivery = (typeof MAIL_DELIVERIES)[number];

export const MEMBER_MAIL_LABELS: Record<MemberMailKind, string> = {
  answer: "Someone answers my question",
  accepted: "My answer is accepted",
  staff_answer: "A thread I follow gets a staff answer",
};

/** What an unsubscribe link switches off: one kind, or every kind (the digest's link). */
export const UNSUBSCRIBE_SCOPES = [...MEMBER_MAIL_KINDS, "all"] as const;
export type UnsubscribeScope = (typeof UNSUBSCRIBE_SCOPES)[number];

export interface EmailPreferences {
  answer: boolean;
  accepted: boolean;
  staff_answer: boolean;
  delivery: MailDelivery;
}

/** Where unsubscribe links lead (a signed `?token=`). */
export const UNSUBSCRIBE_PATH = "/email/unsubscribe";
