import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { PageForm, usePageForms } from "~/components/page-form";
import { PageLink, usePageLinks } from "~/components/page-link";
import { useEffect, type ReactNode } from "react";
import { hasRole, isSuspended } from "~/auth/permissions";
// The `.server` modules here are imported by relative path on purpose (issue 14): the browser
// build swaps each for an empty module named by the import's text, and a text that other routes
// share ("~/services/…") becomes a shared chunk of its own, one more request for nothing.
import { countOpenFlags } from "./services/moderation-queue.server";
import { countUnread } from "./services/notifications.server";
import { getSettings } from "./services/settings.server";
import { EmbedDocument, useIsEmbed } from "~/components/embed-document";
import { SearchBox } from "~/components/search-box";
import { useNonce } from "~/utils/nonce";
import { DEFAULT_SITE_NAME } from "~/utils/page-title";
import { textOn } from "~/utils/colour";
import { profilePath } from "~/utils/post-paths";
import stylesUrl from "~/styles/app.css";

// The favicon is drawn in Layout: the admin may have uploaded one.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.site.name ?? DEFAULT_SITE_NAME }];

export async function loader({ context }: LoaderFunctionArgs) {
  const settings = getSettings(context.deps);
  const user = context.user;
  return {
    site: {
      name: settings.siteName,
      brandName: settings.brandName,
      brandColor: settings.brandColor,
      headerColor: settings.headerColor,
      logoUrl: settings.logoUrl,
      faviconUrl: settings.faviconUrl,
      headerLinks: settings.headerLinks,
      footerText: settings.footerText,
      welcomeText: settings.welcomeText,
      showPoweredBy: settings.showPoweredBy,
    },
    // Times are drawn relative to this clock and in the site's zone until the browser takes over.
    time: { now: context.deps.clock.now().toISOString(), timeZone: settings.timezone },
    user: user && { id: user.id, handle: user.handle, displayName: user.displayName, role: user.role },
    unreadCount: user ? countUnread(context.deps, user.id) : 0,
    openFlagCount: hasRole(user, "moderator") ? countOpenFlags(context.deps) : 0,
    // A suspended member is told why and until when on every page.
    // Accounts signed up through the public form confirm their address; until then a reminder shows.
    unverifiedEmail: !!user && user.emailVerifiedAt === null,
    suspension:
      user && isSuspended(user, context.deps.clock.now()) ? { until: user.suspendedUntil!.toISOString(), reason: user.suspensionReason ?? null } : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

// Drawn, not an emoji: a bell glyph is missing from many systems' fonts.
function BellIcon() {
  return (
    <svg className="bell__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
      />
    </svg>
  );
}

function headerStyle(color: string | null | undefined) {
  return color ? ({ "--header-bg": color, "--header-text": textOn(color) } as React.CSSProperties) : undefined;
}

function Header({ data }: { data: RootData | undefined }) {
  const user = data?.user;
  const site = data?.site;
  return (
    <header className={`site-header${site?.headerColor ? " site-header--branded" : ""}`} style={headerStyle(site?.headerColor)}>
      {site?.headerLinks.length ? (
        <nav aria-label={`${site.brandName} website`} className="brand-links container">
          {site.headerLinks.map((link) => (
            <a key={link.url + link.label} href={link.url}>
              {link.label}
            </a>
          ))}
        </nav>
      ) : null}
      <div className="container site-header__inner">
        <PageLink to="/" className="site-header__brand">
          {site?.logoUrl ? <img src={site.logoUrl} alt={site.name} className="site-header__logo" /> : (site?.name ?? "Peerdesk")}
        </PageLink>
        <nav aria-label="Main" className="site-header__nav">
          <PageLink to="/">Home</PageLink>
          <PageLink to="/ask">Ask a question</PageLink>
          {user && hasRole(user, "staff") ? <PageLink to="/staff/queue">Staff queue</PageLink> : null}
          {user && hasRole(user, "staff") ? <PageLink to="/staff/insights">Insights</PageLink> : null}
          {user && hasRole(user, "moderator") ? (
            <PageLink to="/staff/moderation" aria-label={`Moderation, ${data?.openFlagCount ?? 0} open flags`}>
              Moderation{data?.openFlagCount ? <span className="bell__count">{data.openFlagCount}</span> : null}
            </PageLink>
          ) : null}
          {user && hasRole(user, "admin") ? <PageLink to="/admin">Admin</PageLink> : null}
        </nav>
        <SearchBox id="header-search-q" name="Site search" placeholder="Search the community" className="header-search" buttonClassName="button button--quiet" />
        <div className="site-header__account">
          {user ? (
            <>
              <PageLink to="/notifications" className="bell" aria-label={`Notifications, ${data?.unreadCount ?? 0} unread`}>
                <BellIcon />
                {data?.unreadCount ? <span className="bell__count">{data.unreadCount}</span> : null}
              </PageLink>
              <PageLink to={profilePath(user.handle)} className="site-header__user">
                {user.displayName}
              </PageLink>
              <PageLink to="/account">Account</PageLink>
              <PageForm action="/auth/sign-out">
                <button type="submit" className="button button--quiet">
                  Sign out
                </button>
              </PageForm>
            </>
          ) : (
            <>
              <PageLink to="/auth/sign-in">Sign in</PageLink>
              <PageLink to="/auth/sign-up" className="button">
                Join
              </PageLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const embed = useIsEmbed();
  // Our links navigate in the browser (its effect runs before the mark below is set).
  usePageLinks();
  // And our forms post through the router.
  usePageForms();
  // Marks the document as interactive once React has hydrated it (here, so error pages are marked
  // too). Until then a click on a form can reach the page before its handlers do; browser tests wait
  // for this mark before they act.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  if (embed) return <EmbedDocument nonce={nonce}>{children}</EmbedDocument>;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Before the stylesheet arrives: the page and its form controls follow the system's light or dark mode. */}
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <link rel="icon" href={data?.site.faviconUrl ?? "/favicon.ico"} {...(data?.site.faviconUrl ? {} : { sizes: "any" })} />
        <Links />
      </head>
      <body style={data ? ({ "--brand": data.site.brandColor } as React.CSSProperties) : undefined}>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Header data={data} />
        <main id="main" className="container">
          {data?.suspension ? (
            <p className="suspension-banner" role="status">
              Your account is suspended until {data.suspension.until.slice(0, 16).replace("T", " ")} UTC
              {data.suspension.reason ? `: ${data.suspension.reason}` : ""}. You can read, but not post, vote, flag or ask until then.
            </p>
          ) : null}
          {data?.unverifiedEmail ? (
            <div className="suspension-banner" role="status">
              <p>Please confirm your email address: follow the link we mailed you when you joined.</p>
              <PageForm action="/auth/verify">
                <button type="submit" className="button">
                  Send the link again
                </button>
              </PageForm>
            </div>
          ) : null}
          {children}
        </main>
        <footer className="site-footer container">
          {data?.site.footerText ? <p>{data.site.footerText}</p> : null}
          {data?.site.showPoweredBy === false ? null : <p>Powered by Peerdesk · customers helping customers</p>}
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const notFound = error.status === 404;
    return (
      <section className="error-page">
        <h1>{notFound ? "Page not found" : `${error.status} ${error.statusText}`}</h1>
        <p>
          {notFound
            ? "We couldn't find that page. It may have been moved or deleted."
            : typeof error.data === "string" && error.data
              ? error.data
              : "The request could not be completed."}
        </p>
        <p>
          <PageLink to="/">Back to the community</PageLink>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>An unexpected error happened on our side. Please try again in a moment.</p>
      <p>
        <PageLink to="/">Back to the community</PageLink>
      </p>
    </section>
  );
}
