import { useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

/**
 * A link to one of our pages, for the links a page draws by the dozen (a listing's rows, a post's
 * author, the header): a plain <a>, which the one click handler of usePageLinks() turns into a
 * client navigation, as Remix's <Link> does. Each <Link> runs a dozen hooks while the server
 * renders it (resolving `to` against the route, prefetch state, a click handler of its own); the
 * home page draws ~70 of them, which cost more server CPU than any of its queries (issue 14).
 *
 * `to` is an absolute path ("/t/1/slug?page=2#post-3"): it is written into href as it is, where
 * <Link> would resolve a relative one against the route.
 *
 * A page carries only its own routes' part of Remix's route manifest (v3_lazyRouteDiscovery, issue
 * 14): `data-discover` asks Remix to learn the routes of the links on the page once it has hydrated,
 * as <Link> does, so that following one costs no extra round trip.
 */
export function PageLink({ to, ...props }: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string }) {
  return <a href={to} data-page-link="" data-discover="true" {...props} />;
}

/** Whether a click on a link is one the browser should handle itself (a new tab, a download, another site). */
function leftToBrowser(event: MouseEvent, link: HTMLAnchorElement): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return true;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return true;
  return new URL(link.href).origin !== window.location.origin;
}

/**
 * Client navigation for every PageLink of the document, from one listener: a plain click goes
 * through the router (no full page load), replacing the history entry when the link leads to where
 * the browser already is, as <Link> does. Drawn once, in the root layout.
 */
export function usePageLinks(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-page-link]") : null;
      if (!link || leftToBrowser(event, link)) return;
      event.preventDefault();
      const url = new URL(link.href);
      const to = `${url.pathname}${url.search}${url.hash}`;
      const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
      navigate(to, { replace: to === here });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
