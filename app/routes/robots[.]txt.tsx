import type { LoaderFunctionArgs } from "@remix-run/node";

// Crawlers get the threads, categories and profiles; not the per-person, staff, API or embed pages.
const PRIVATE_PATHS = ["/account", "/admin", "/staff", "/notifications", "/auth/", "/api/", "/embed", "/resources/", "/ask", "/p/*/edit"];

export function loader({ context }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${context.deps.env.PUBLIC_URL}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
