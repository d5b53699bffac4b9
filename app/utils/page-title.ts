// Every page's <title> ends with the site's name, as the admin set it (root's loader carries it).

export const DEFAULT_SITE_NAME = "Peerdesk Community";

interface MatchLike {
  id: string;
  data: unknown;
}

export function siteNameOf(matches: readonly MatchLike[]): string {
  const root = matches.find((match) => match.id === "root")?.data as { site?: { name?: string } } | undefined;
  return root?.site?.name ?? DEFAULT_SITE_NAME;
}

/** `{ title: "Sign in — Nimbus Community" }`, or the site's name alone for the home page. */
export function pageTitle(matches: readonly MatchLike[], page?: string): { title: string } {
  const site = siteNameOf(matches);
  return { title: page ? `${page} — ${site}` : site };
}
