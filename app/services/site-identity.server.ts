import type { Db } from "@db/client.server";
import { can, type Actor } from "~/auth/permissions";
import { SiteIdentityFormSchema } from "~/schemas/site-identity.server";
import type { SiteSettings } from "~/schemas/settings.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { brandImageProblem, storeBrandImage, type BrandImageKind } from "./brand-images.server";
import { Forbidden, Invalid } from "./errors";
import { saveSiteSettings } from "./escalation-settings.server";

/**
 * Saves how the site presents itself (admins only): its name in every title, the brand's name and
 * colours, logo and favicon (images on this site only), header links back to the brand's site,
 * footer text and the "Powered by Peerdesk" line. An uploaded logo or favicon must be a real image of
 * bounded size; it is stored in the database and replaces the typed address. Any bad field saves
 * nothing; the change is audited.
 */
export function saveSiteIdentity(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  form: Record<string, string>,
  uploads: Partial<Record<BrandImageKind, Buffer>> = {},
): SiteSettings {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can change the site's identity.");
  const parsed = SiteIdentityFormSchema.safeParse(form);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  for (const [kind, bytes] of Object.entries(uploads) as [BrandImageKind, Buffer][]) {
    const problem = brandImageProblem(bytes);
    if (problem) errors[`${kind}File`] = problem;
  }
  if (!parsed.success || Object.keys(errors).length) throw new Invalid(errors);
  const identity = { ...parsed.data };
  if (uploads.logo) identity.logoUrl = storeBrandImage(deps, "logo", uploads.logo);
  if (uploads.favicon) identity.faviconUrl = storeBrandImage(deps, "favicon", uploads.favicon);
  return saveSiteSettings(deps, actor, identity);
}
