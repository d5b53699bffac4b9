import { Links, Meta, useRouteLoaderData } from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import type { EmbedDocumentData } from "./embed-document";

/**
 * The widget's document: no site chrome and no React hydration — the pages are server-rendered
 * and one small script (public/embed.js) adds search as you type and talks to the loader. Server-only
 * (issue 14): the browser never draws it, so the root receives it from entry.server.tsx
 * (EmbedDocumentSlot) and a guest's page does not carry its code.
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
