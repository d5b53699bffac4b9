import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFeedEntries } from "~/services/feeds.server";
import { getSettings } from "~/services/settings.server";
import { atomResponse } from "~/utils/atom.server";

export function loader({ context }: LoaderFunctionArgs) {
  const site = context.deps.env.PUBLIC_URL;
  const settings = getSettings(context.deps);
  return atomResponse(listFeedEntries(context.deps), {
    title: `${settings.siteName}: latest threads`,
    description: `The newest questions, problems, ideas and praise in ${settings.siteName}.`,
    selfUrl: `${site}/feeds/latest.atom`,
    siteUrl: site,
  });
}
