import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { EMBED_HANDLE, type EmbedDocumentData } from "~/components/embed-document";
import { getSettings } from "~/services/settings.server";
import { findCategoryId } from "~/services/widget.server";
import { linkOn, textOn } from "~/utils/colour";
import { askHref, embedMeta, embedText } from "~/utils/embed-config";
import { parseEmbedConfig } from "~/utils/embed-config.server";
import { versionedAssetUrl } from "~/utils/widget-assets.server";
import widgetStylesUrl from "~/styles/widget.css";

export const handle = EMBED_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: widgetStylesUrl }];

export const meta: MetaFunction = ({ matches }) => embedMeta(matches, "Help");

export function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseEmbedConfig(url.searchParams);
  // A well-formed slug that names no category is dropped like any bad option: links and the ask page
  // carry none, and embed.js tells the loader, which warns the brand (the loader cannot ask the database).
  const unknownCategory = parsed.c !== undefined && findCategoryId(context.deps, parsed.c) === null;
  const config = unknownCategory ? { ...parsed, c: undefined } : parsed;
  const settings = getSettings(context.deps);
  const query = url.searchParams.get("q")?.trim().slice(0, 200) || undefined;
  const accent = config.k ?? settings.brandColor;
  const document: EmbedDocumentData = {
    lang: config.hl ?? "en",
    accent,
    accentText: textOn(accent),
    link: linkOn(accent),
    scriptSrc: versionedAssetUrl("embed.js"),
  };
  return { config, document, siteName: settings.siteName, askHref: askHref(config, query), unknownCategory };
}

export default function EmbedLayout() {
  const { config, siteName, askHref, unknownCategory } = useLoaderData<typeof loader>();
  return (
    <div className="embed" data-embed-unknown-category={unknownCategory ? "" : undefined}>
      <header className="embed-header">
        <p className="embed-header__title">{config.t ?? embedText(config, "launcher")}</p>
        <button type="button" className="embed-header__close" data-embed-close hidden aria-label={embedText(config, "close")}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <main className="embed-main">
        <Outlet />
      </main>
      <footer className="embed-footer">
        <a className="embed-ask" href={askHref} target="_blank" rel="noopener" data-embed-ask>
          {embedText(config, "ask")}
        </a>
        <p className="embed-footer__powered">{siteName}</p>
      </footer>
    </div>
  );
}
