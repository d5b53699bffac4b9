import { Links, Meta, useMatches, useRouteLoaderData } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";

/** Routes that set `handle = { embed: true }` render inside the widget's bare document. */
export const EMBED_HANDLE = { embed: true };

export function useIsEmbed(): boolean {
  return useMatches().some((match) => (match.handle as { embed?: boolean } | undefined)?.embed === true);
}

export interface EmbedDocumentData {
  lang: string;
  accent: string;
  accentText: string;
  link: string;
  scriptSrc: string;
}

/**
 * The widget's document: no site chrome and no React hydration — the pages are server-rendered
 * and one small script (public/embed.js) adds search as you type and talks to the loader.
 */
export function EmbedDocument({ children, nonce }: { children: ReactNode; nonce: string }) {
  const data = useRouteLoaderData<{ document: EmbedDocumentData }>("routes/embed")?.document;
  return (
    <html lang={data?.lang ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* Links inside answers leave the widget; our own links say target="_self". */}
        <base target="_blank" />
      </head>
      <body className="embed-body" style={
          data ? ({ "--brand": data.accent, "--accent-text": data.accentText, "--link": data.link } as CSSProperties) : undefined
        }>
        {children}
        {data ? <script nonce={nonce} src={data.scriptSrc} defer /> : null}
      </body>
    </html>
  );
}
