/**
 * CORS headers for a request from one of `allowed` (exact origins); none for anyone else, so the
 * browser keeps other sites' scripts out of the response.
 */
export function corsHeaders(request: Request, allowed: readonly string[]): Record<string, string> {
  return corsHeadersFor(request.headers.get("Origin"), allowed);
}

/** corsHeaders() for a request's Origin header as read (express answers some API requests before Remix). */
export function corsHeadersFor(origin: string | null | undefined, allowed: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = { Vary: "Origin" };
  if (origin && allowed.includes(origin.toLowerCase())) {
    headers["Access-Control-Allow-Origin"] = origin;
    headers["Access-Control-Allow-Methods"] = "GET, OPTIONS";
    headers["Access-Control-Allow-Headers"] = "Content-Type";
    headers["Access-Control-Max-Age"] = "600";
  }
  return headers;
}
