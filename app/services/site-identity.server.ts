import type { Db } from "@db/client.server";
import { can, type Actor } from "~/auth/permissions";
import { SiteIdentityFormSchema } from "~/schemas/site-identity";
import type { SiteSettings } from "~/schemas/settings";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { Forbidden, Invalid } from "./errors";
import { saveSiteSettings } from "./escalation-settings.server";

/**
 * Saves how the site presents itself (admins only): its name in every title, the brand's name and
 * colours, logo and favicon (images on this site only), header links back to the brand's site,
 * footer text and the "Powered by Peerdesk" line. Any bad field saves nothing; the change is audited.
 */
export function saveSiteIdentity(deps: { db: Db; clock: Clock }, actor: Actor, form: Record<string, string>): SiteSettings {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can change the site's identity.");
  const parsed = SiteIdentityFormSchema.safeParse(form);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  return saveSiteSettings(deps, actor, parsed.data);
}
