import { randomBytes } from "node:crypto";

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The page CSP. Scripts run only with this response's nonce; user content can carry no script,
 * and only pages that opt in (the widget) may be framed, by the origins given.
 */
export function contentSecurityPolicy({
  nonce,
  frameAncestors = [],
  dev = false,
}: {
  nonce: string;
  frameAncestors?: string[];
  dev?: boolean;
}): string {
  const directives: Record<string, string> = {
    "default-src": "'self'",
    "script-src": `'self' 'nonce-${nonce}'`,
    // React sets inline style attributes (the brand colour); no style comes from user content.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' https: data:",
    "font-src": "'self'",
    "connect-src": dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": frameAncestors.length ? frameAncestors.join(" ") : "'none'",
  };
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");
}
