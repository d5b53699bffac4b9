import { EMBED_TEXT } from "~/domain/widget";

export interface SnippetOptions {
  category?: string;
  title?: string;
  color?: string;
  position?: "right" | "left";
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The one tag a brand pastes into its pages, with the options chosen on the admin page. */
export function buildWidgetSnippet(publicUrl: string, options: SnippetOptions): string {
  const attributes: [string, string | undefined][] = [
    ["src", `${new URL(publicUrl).origin}/widget.js`],
    ["data-category", options.category],
    ["data-title", options.title],
    ["data-color", options.color],
    ["data-position", options.position === "left" ? "left" : undefined],
  ];
  const shown = attributes.filter((entry): entry is [string, string] => Boolean(entry[1]));
  return `<script ${shown.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(" ")} async></script>`;
}

/** Every data attribute the loader reads, for the admin page's reference table. */
export const WIDGET_OPTIONS: { attribute: string; values: string; meaning: string }[] = [
  { attribute: "data-category", values: "a category slug", meaning: "Popular answers and the ask page favour this category." },
  { attribute: "data-title", values: "up to 80 characters", meaning: `Launcher label and widget heading (default "${EMBED_TEXT.launcher}").` },
  { attribute: "data-color", values: "#rgb or #rrggbb", meaning: "Accent colour of the launcher and widget (default: the site's brand colour)." },
  { attribute: "data-position", values: "right | left", meaning: "Which bottom corner the launcher sits in (default right)." },
  { attribute: "data-launcher", values: "button | none", meaning: "none: no launcher; open the widget from your own button with Peerdesk.open()." },
  { attribute: "data-lang", values: "a language tag (es, pt-BR)", meaning: "Language of the widget page, for screen readers and hyphenation." },
  ...Object.entries(EMBED_TEXT).map(([key, text]) => ({
    attribute: `data-lang-${key}`,
    values: "text",
    meaning: `Replaces "${text}".`,
  })),
];
