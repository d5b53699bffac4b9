import { EMBED_TEXT, type EmbedTextKey } from "~/domain/widget";
import type { EmbedConfig } from "~/schemas/widget.server";
import { pageTitle } from "~/utils/page-title";

/** The widget's words: the brand's `data-lang-*` override, else the default. */
export function embedText(config: EmbedConfig, key: EmbedTextKey): string {
  return config[`l_${key}`] ?? EMBED_TEXT[key];
}

/** The same options as query fields, so every page of the widget keeps them without a cookie. */
export function embedFields(config: EmbedConfig): [string, string][] {
  return Object.entries(config).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

/** A link to another widget page that carries the options along (plus any `extra` fields). */
export function embedHref(config: EmbedConfig, pathname: string, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams(embedFields(config));
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The community's ask page, prefilled with the widget's category and what the person typed. */
export function askHref(config: EmbedConfig, query: string | undefined): string {
  const params = new URLSearchParams();
  if (config.c) params.set("category", config.c);
  if (query) params.set("title", query);
  const search = params.toString();
  return search ? `/ask?${search}` : "/ask";
}

/** Meta for every widget page: it must never show up in a search engine. */
export function embedMeta(matches: Parameters<typeof pageTitle>[0], title: string) {
  return [pageTitle(matches, title), { name: "robots", content: "noindex, nofollow" }];
}
