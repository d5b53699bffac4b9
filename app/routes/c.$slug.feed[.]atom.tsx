import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCategoryBySlug } from "~/services/categories.server";
import { listFeedEntries } from "~/services/feeds.server";
import { getSettings } from "~/services/settings.server";
import { atomResponse } from "~/utils/atom.server";
import { serviceErrorToData } from "~/utils/http.server";
import { categoryPath } from "~/components/common";

export function loader({ params, context }: LoaderFunctionArgs) {
  let category;
  try {
    category = getCategoryBySlug(context.deps, params.slug ?? "");
  } catch (error) {
    throw serviceErrorToData(error);
  }
  const site = context.deps.env.PUBLIC_URL;
  const settings = getSettings(context.deps);
  return atomResponse(listFeedEntries(context.deps, { categoryId: category.id }), {
    title: `${settings.siteName}: ${category.name}`,
    description: category.description || `The newest threads in ${category.name}.`,
    selfUrl: `${site}${categoryPath(category.slug)}/feed.atom`,
    siteUrl: site,
  });
}
