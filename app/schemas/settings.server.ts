import { z } from "zod";
import { MAX_SYNONYM_GROUPS } from "~/domain/search";
import { DEFAULT_WELCOME_TEXT, FOOTER_TEXT_MAX, HEADER_LINKS_MAX, WELCOME_TEXT_MAX } from "~/domain/site-identity";
import { WidgetOriginsSchema } from "./widget.server";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const OpeningHoursSchema = z
  .object({
    day: z.number().int().min(1).max(7),
    open: z.string().regex(HH_MM, "Use a time like 09:00"),
    close: z.string().regex(HH_MM, "Use a time like 17:00"),
  })
  .refine((hours) => hours.open < hours.close, { message: "Closing must come after opening", path: ["close"] });
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** An http(s) address with a host and no user name or password in it. */
export const BrandUrlSchema = z
  .string()
  .trim()
  .max(500, "Keep the address under 500 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "Use a full address starting with https://");

export const HeaderLinkSchema = z.object({
  label: z.string().trim().min(1, "Give the link a label").max(40, "Keep the label under 40 characters"),
  url: BrandUrlSchema,
});
export type HeaderLink = z.infer<typeof HeaderLinkSchema>;

/**
 * An image on this site ("/media/…"): a logo on another host would be fetched by every visitor's
 * browser from there (tracking them, and breaking when that site changes), so it is refused.
 */
export const LocalPathSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^\/(?![/\\])[A-Za-z0-9._~/-]*$/, "Upload the image here: an address on another site is not accepted");

const DEFAULT_BUSINESS_HOURS: OpeningHours[] = [1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "17:00" }));

/** A whole number from a form field, within bounds, with messages that say them. */
function count(min: number, max: number) {
  // A blank field is a mistake to point out, not 0 (what Number("") gives).
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? Number.NaN : value),
    z.coerce.number({ error: "Enter a whole number" }).int("Enter a whole number").min(min, `At least ${min}`).max(max, `At most ${max}`),
  );
}

const MAX_SYNONYMS_PER_GROUP = 20;
const SynonymGroupSchema = z.array(z.string().trim().min(1).max(60)).min(2).max(MAX_SYNONYMS_PER_GROUP);

/** Every site setting with its default; stored one row per key in `settings`. */
export const SiteSettingsSchema = z.object({
  siteName: z.string().trim().min(1).max(60).default("Peerdesk Community"),
  brandName: z.string().trim().min(1).max(60).default("Peerdesk"),
  brandColor: z.string().regex(HEX_COLOUR, "Use a colour like #0a66c2").default("#0a66c2"),
  /** Minutes a thread may wait for a first response before staff are alerted. */
  defaultEscalationMinutes: z.coerce.number().int().min(1).max(60 * 24 * 14).default(60),
  /** IANA time zone for business hours, holidays and the times shown to askers. */
  timezone: z
    .string()
    .refine((zone) => isValidTimeZone(zone), "Use a time zone like Europe/Berlin")
    .default("UTC"),
  /** Weekly opening hours (1 = Monday … 7 = Sunday), used by categories on the business-hours clock. */
  businessHours: z.array(OpeningHoursSchema).default(DEFAULT_BUSINESS_HOURS),
  /** Days (YYYY-MM-DD, site time zone) when business hours do not run. */
  holidays: z.array(z.string().regex(ISO_DAY, "Use dates like 2026-12-25")).default([]),
  /** Days after the first answer before an asker with no accepted answer is asked "Did this solve it?". */
  reminderDays: z.coerce.number().int().min(1).max(60).default(3),
  /** Origins allowed to frame the widget and call the JSON API (exact scheme://host[:port]). */
  widgetOrigins: WidgetOriginsSchema.default([]),
  /** The header's background (null: the default light header); its text is black or white, whichever reads better. */
  headerColor: z.string().regex(HEX_COLOUR, "Use a colour like #0a66c2").nullable().default(null),
  /** The site's logo, shown in the header instead of its name: a path on this site (an uploaded image). */
  logoUrl: LocalPathSchema.nullable().default(null),
  faviconUrl: LocalPathSchema.nullable().default(null),
  /** Links back to the brand's own site, shown in the header. */
  headerLinks: z.array(HeaderLinkSchema).max(HEADER_LINKS_MAX).default([]),
  footerText: z.string().trim().max(FOOTER_TEXT_MAX).default(""),
  /** The home page's greeting, under the site name and above the search box. */
  welcomeText: z.string().trim().min(1).max(WELCOME_TEXT_MAX).default(DEFAULT_WELCOME_TEXT),
  showPoweredBy: z.boolean().default(true),
  /** Groups of words and phrases that search treats as the same (cellphone = mobile phone = phone). */
  searchSynonyms: z.array(SynonymGroupSchema).max(MAX_SYNONYM_GROUPS).default([]),
  /** Open flags from this many distinct members hide a post pending review. */
  flagHideThreshold: z.coerce.number().int().min(1, "At least 1").max(50, "At most 50").default(3),
  // Anti-spam (issue 12): what a new account may do, and who is trusted past every limit.
  /** An account younger than this many hours… */
  spamNewAccountHours: count(1, 24 * 30).default(24),
  /** …with reputation under this is new: the three limits below hold for it. */
  spamNewAccountReputation: count(0, 10_000).default(10),
  spamNewAccountThreadsPerHour: count(0, 1000).default(3),
  spamNewAccountRepliesPerHour: count(0, 1000).default(10),
  spamNewAccountLinksPerPost: count(0, 100).default(2),
  /** The same words from one member twice within this many minutes are refused (in any thread). */
  spamRepeatMinutes: count(1, 24 * 60).default(10),
  /** Sign-up and ask forms sent sooner than this after they were opened are refused as robots (0: off). */
  spamMinFillSeconds: count(0, 120).default(3),
  /** Members with more reputation than this (and staff) are exempt from the posting limits. */
  spamExemptReputation: count(0, 1_000_000).default(200),
  /** Accounts must confirm their email address (the link mailed at sign-up) before they may post. */
  requireVerifiedEmailToPost: z.boolean().default(false),
  /** What happens to a member's posts when they delete their account: they stay (as "deleted user"), or the member may ask for them to go. */
  accountDeletionPosts: z.enum(["keep", "member-choice"]).default("keep"),
});

export type SiteSettings = z.infer<typeof SiteSettingsSchema>;
export type SettingKey = keyof SiteSettings;
