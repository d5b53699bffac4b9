import { Link } from "@remix-run/react";

/**
 * A count shown to those who cannot press the button. Guests get it as a link to sign in and come
 * back, so "me too" and "helpful" invite them rather than looking broken; the author just sees it.
 */
export function StaticCount({ label, count, signInHref }: { label: string; count: number; signInHref?: string }) {
  if (signInHref) {
    return (
      <Link to={signInHref} className="button button--quiet toggle" title={`Sign in to mark “${label}”`}>
        {label} <span className="toggle__count">{count}</span>
      </Link>
    );
  }
  return (
    <span className="static-count">
      {label} <span className="toggle__count">{count}</span>
    </span>
  );
}
