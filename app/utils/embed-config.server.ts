import { EmbedConfigSchema, type EmbedConfig } from "~/schemas/widget.server";

/** The loader's options as the embed received them in its URL; bad values are dropped. */
export function parseEmbedConfig(search: URLSearchParams): EmbedConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EmbedConfigSchema.shape)) {
    const value = search.get(key);
    if (value !== null) raw[key] = value;
  }
  return EmbedConfigSchema.parse(raw);
}
