// Where to go after signing in or up. The value comes from the address bar, so anyone can craft a
// link that carries one: only a plain path on this site is followed, anything else means "/".

// Browsers drop tabs and newlines anywhere in a URL and trim spaces and control characters at its
// ends, read "\" as "/", and client routers decode escapes: each can turn "/<junk>/evil.com" into
// "//evil.com", another host. None of these characters belongs in a path we send people to.
const UNSAFE = /[\\\s\p{Cc}\p{Cf}\p{Z}]/u;
// As written it must be printable ASCII: the site writes every other character percent-encoded, and a
// Location header cannot carry them (Node refuses, which was a 500 after a good password).
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const PROBE_ORIGIN = "http://redirect-check.invalid";
// Longer than any address the site writes (a prefilled ask title included); keeps Location headers small.
const MAX_LENGTH = 2048;

function isSameSitePath(candidate: string): boolean {
  if (!candidate.startsWith("/") || candidate.startsWith("//") || UNSAFE.test(candidate)) return false;
  try {
    const url = new URL(candidate, PROBE_ORIGIN);
    // "/.//evil.com" normalises to "//evil.com": fine as a path here, a host to a router that re-parses it.
    return url.origin === PROBE_ORIGIN && !url.pathname.startsWith("//");
  } catch {
    return false;
  }
}

/**
 * `value` if it is a plain path on this site — printable ASCII starting with one "/", no backslash,
 * and it stays on this site once resolved and once its escapes are decoded, with no whitespace or
 * control character hidden in them (`/%09/evil.com`, `/%5Cevil.com`, `/%2F%2Fevil.com`) — else "/".
 */
export function safeRedirectPath(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH || !PRINTABLE_ASCII.test(value) || !isSameSitePath(value)) {
    return "/";
  }
  // The query may hold encoded spaces and newlines (a prefilled title); only the path decides where we go.
  let path = value.split(/[?#]/, 1)[0]!;
  for (let round = 0; round < 3; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // A malformed escape as written is refused. One that decoding produced ("%25zz" → "%zz") must not
      // shield the escapes beside it ("%252F" → "%2F", a slash to a router that decodes again): the
      // well-formed ones are decoded and checked on their own.
      if (round === 0) return "/";
      decoded = path.replace(/(?:%[0-9a-f]{2})+/gi, decodeWhereValid);
    }
    if (decoded === path) return value;
    if (!isSameSitePath(decoded)) return "/";
    path = decoded;
  }
  // Still decoding after three rounds: nobody writes that by accident.
  return "/";
}

function decodeWhereValid(escapes: string): string {
  try {
    return decodeURIComponent(escapes);
  } catch {
    return escapes;
  }
}

/** The sign-in page, coming back to `destination` afterwards (plain "/auth/sign-in" for the home page). */
export function signInPath(destination: unknown): string {
  return withRedirect("/auth/sign-in", destination);
}

/** The sign-up page, going on to `destination` once the account exists. */
export function signUpPath(destination: unknown): string {
  return withRedirect("/auth/sign-up", destination);
}

/** Where sign-up sends everyone, a new member or not, before going on to `destination`. */
export function welcomePath(destination: unknown): string {
  return withRedirect("/auth/welcome", destination);
}

function withRedirect(page: string, destination: unknown): string {
  const safe = safeRedirectPath(destination);
  return safe === "/" ? page : `${page}?redirectTo=${encodeURIComponent(safe)}`;
}
