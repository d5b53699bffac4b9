import { z } from "zod";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Every site setting with its default; stored one row per key in `settings`. */
export const SiteSettingsSchema = z.object({
  siteName: z.string().trim().min(1).max(60).default("Peerdesk Community"),
  brandName: z.string().trim().min(1).max(60).default("Peerdesk"),
  brandColor: z.string().regex(HEX_COLOUR, "Use a colour like #0a66c2").default("#0a66c2"),
  /** Minutes a thread may wait for a first response before staff are alerted. */
  defaultEscalationMinutes: z.coerce.number().int().min(1).max(60 * 24 * 14).default(60),
  /** Origins allowed to frame the widget and call the JSON API (exact scheme://host[:port]). */
  widgetOrigins: z.array(z.string()).default([]),
});

export type SiteSettings = z.infer<typeof SiteSettingsSchema>;
export type SettingKey = keyof SiteSettings;
