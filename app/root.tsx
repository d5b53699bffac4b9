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
import { PageLink, usePageLinks, usePageForms, SearchBox, useNonce, DEFAULT_SITE_NAME, lazyModule } from "~/components/common";
import { useEffect, type ReactNode } from "react";
// The loader's imports come through one module (see there why: issue 14).
import { countOpenFlags, countUnread, getSettings, hasRole, isSuspended, textOn } from "./utils/root-route.server";
import { useEmbedDocument } from "~/utils/embed-slot";
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
      // Worked out here so that the browser does not carry the contrast arithmetic.
      headerText: settings.headerColor ? textOn(settings.headerColor) : null,
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
    // The staff pages the header links to, decided here so that the browser carries no role rules.
    staffNav: { staff: hasRole(user, "staff"), moderator: hasRole(user, "moderator"), admin: hasRole(user, "admin") },
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

// What only a signed-in viewer sees loads when a page draws it: a guest's pages do not carry it.
const memberChrome = lazyModule("member-chrome", () => import("~/components/member-chrome"));
const StaffNav = memberChrome((chrome) => chrome.StaffNav);
const MemberAccount = memberChrome((chrome) => chrome.MemberAccount);
const MemberNotices = memberChrome((chrome) => chrome.MemberNotices);

function headerStyle(site: RootData["site"] | undefined) {
  return site?.headerColor ? ({ "--header-bg": site.headerColor, "--header-text": site.headerText } as React.CSSProperties) : undefined;
}

function Header({ data }: { data: RootData | undefined }) {
  const user = data?.user;
  const site = data?.site;
  return (
    <header className={`site-header${site?.headerColor ? " site-header--branded" : ""}`} style={headerStyle(site)}>
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
          {data?.staffNav.staff ? <StaffNav data={data} /> : null}
        </nav>
        <SearchBox id="header-search-q" name="Site search" placeholder="Search the community" className="header-search" buttonClassName="button button--quiet" />
        <div className="site-header__account">
          {data && user ? (
            <MemberAccount data={data} user={user} />
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
  const EmbedDocument = useEmbedDocument();
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
  if (EmbedDocument) return <EmbedDocument nonce={nonce}>{children}</EmbedDocument>;
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
          {data?.suspension || data?.unverifiedEmail ? <MemberNotices data={data} /> : null}
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
