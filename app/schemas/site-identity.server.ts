import { z } from "zod";
import { contrastRatio } from "~/utils/colour";
import { DEFAULT_WELCOME_TEXT, FOOTER_TEXT_MAX, HEADER_LINK_SLOTS, WELCOME_TEXT_MAX } from "~/domain/site-identity";
import { BrandUrlSchema, LocalPathSchema } from "./settings.server";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const blankToNull = (value: string) => (value === "" ? null : value);

/**
 * The site identity form: names, colours, logo and favicon addresses, footer, and up to four
 * header links as `linkLabel1`/`linkUrl1` … (a row left blank is dropped). Errors are keyed by the
 * form's field names.
 */
export const SiteIdentityFormSchema = z
  .object({
    siteName: z.string().trim().min(1, "Give the site a name").max(60, "Keep the name under 60 characters"),
    brandName: z.string().trim().min(1, "Give the brand's name").max(60, "Keep the name under 60 characters"),
    brandColor: z
      .string()
      .trim()
      .regex(HEX_COLOUR, "Use a colour like #0a66c2")
      // Buttons print white text on it.
      .refine((value) => contrastRatio(value, "#ffffff") >= 4.5, "White text on this colour is hard to read: pick a darker one")
      .transform((value) => value.toLowerCase()),
    headerColor: z
      .string()
      .trim()
      .default("")
      .refine((value) => value === "" || HEX_COLOUR.test(value), "Use a colour like #0a66c2, or leave it blank")
      .transform((value) => blankToNull(value.toLowerCase())),
    logoUrl: z.union([z.literal(""), LocalPathSchema]).default("").transform(blankToNull),
    faviconUrl: z.union([z.literal(""), LocalPathSchema]).default("").transform(blankToNull),
    footerText: z.string().trim().max(FOOTER_TEXT_MAX, `Keep the footer under ${FOOTER_TEXT_MAX} characters`).default(""),
    // Blank brings back the default greeting: the home page always says something above its search box.
    welcomeText: z
      .string()
      .trim()
      .max(WELCOME_TEXT_MAX, `Keep the welcome text under ${WELCOME_TEXT_MAX} characters`)
      .default("")
      .transform((value) => value || DEFAULT_WELCOME_TEXT),
    showPoweredBy: z
      .string()
      .optional()
      .transform((value) => value === "on"),
    ...Object.fromEntries(
      HEADER_LINK_SLOTS.flatMap((n) => [
        [`linkLabel${n}`, z.string().trim().max(40, "Keep the label under 40 characters").default("")],
        [`linkUrl${n}`, z.string().trim().default("")],
      ]),
    ),
  })
  .superRefine((form, ctx) => {
    const fields = form as unknown as Record<string, string>;
    for (const n of HEADER_LINK_SLOTS) {
      const label = fields[`linkLabel${n}`] ?? "";
      const url = fields[`linkUrl${n}`] ?? "";
      if (!label && !url) continue;
      if (!label) ctx.addIssue({ code: "custom", path: [`linkLabel${n}`], message: "Give the link a label" });
      const checked = BrandUrlSchema.safeParse(url);
      if (!checked.success) ctx.addIssue({ code: "custom", path: [`linkUrl${n}`], message: checked.error.issues[0]?.message ?? "Use a full address starting with https://" });
    }
  })
  .transform((form) => {
    const fields = form as unknown as Record<string, string>;
    const headerLinks = HEADER_LINK_SLOTS.flatMap((n) => {
      const label = fields[`linkLabel${n}`] ?? "";
      const url = fields[`linkUrl${n}`] ?? "";
      return label && url ? [{ label, url: new URL(url).href }] : [];
    });
    const { siteName, brandName, brandColor, headerColor, logoUrl, faviconUrl, footerText, welcomeText, showPoweredBy } = form;
    return { siteName, brandName, brandColor, headerColor, logoUrl, faviconUrl, footerText, welcomeText, showPoweredBy, headerLinks };
  });
export type SiteIdentity = z.output<typeof SiteIdentityFormSchema>;
