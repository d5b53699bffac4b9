/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // ESM-only packages must be bundled or imported natively; native ESM import works for both.
  serverDependenciesToBundle: [],
  watchPaths: ["db/**/*.ts", "search/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    // A page carries its own routes' part of the route manifest inline (2.1 KB less JavaScript for a
    // guest's thread page, issue 14); the rest is fetched as links appear (PageLink says
    // data-discover). It was off once because the Markdown preview's fetcher raced a form's
    // navigation while discovering its resource route; the preview now posts with a plain fetch.
    v3_lazyRouteDiscovery: true,
  },
};
