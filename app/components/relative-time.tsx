import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { exactTimeText, relativeTimeText, type TimeView } from "~/utils/relative-time";

interface ServerTime {
  /** The server's clock when the page was rendered (ISO). */
  now: string;
  /** The site's time zone, used until the browser says its own. */
  timeZone: string;
}

// Set once the first RelativeTime has hydrated: later ones (client navigations) render in the
// browser's zone straight away, with nothing for React to compare against.
let browserKnown = false;

function browserView(): TimeView {
  const pageLanguage = document.documentElement.lang || "en";
  const locale = navigator.language?.toLowerCase().startsWith(pageLanguage) ? navigator.language : pageLanguage;
  return { locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" };
}

/**
 * A moment as "3 hours ago", with the exact time on hover. The server renders it against its
 * (injected) clock in the site's zone; once hydrated, the browser redraws it against its own clock
 * and zone — after hydration, so React sees the same markup the server sent.
 */
export function RelativeTime({ at }: { at: string | Date }) {
  const server = useRouteLoaderData<{ time?: ServerTime }>("root")?.time;
  const [browser, setBrowser] = useState<{ view: TimeView; now: Date } | null>(() =>
    browserKnown ? { view: browserView(), now: new Date() } : null,
  );
  useEffect(() => {
    browserKnown = true;
    if (!browser) setBrowser({ view: browserView(), now: new Date() });
  }, [browser]);
  const date = new Date(at);
  const view = browser?.view ?? { locale: "en-GB", timeZone: server?.timeZone ?? "UTC" };
  const now = browser?.now ?? (server ? new Date(server.now) : date);
  const exact = exactTimeText(date, view);
  // Node's and the browser's Intl data can word the same moment differently ("Mon, 5 Jan" or "Mon 5 Jan"):
  // hydration keeps the server's words, then the effect above redraws them.
  return (
    <time dateTime={date.toISOString()} title={exact} suppressHydrationWarning>
      {relativeTimeText(date, now, view)}
    </time>
  );
}
