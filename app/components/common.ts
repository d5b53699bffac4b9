/**
 * The browser code that the root, the client entry and most pages share, imported from here and
 * not from each file (issue 14: a guest's thread page loads at most 90 KB of JavaScript). esbuild
 * puts each file in the chunk of the set of pages that import it, so importing these one by one
 * split them into a dozen small chunks (each its own request, gzipped on its own: ~1.6 KB more
 * than the same code in one). Through this module they have one set of importers, hence one chunk,
 * which every page loads anyway (the client entry imports it). Files listed here import each other
 * directly, never through this module. tests/tooling/client-bundle.test.ts holds the sum.
 */
export { PageLink, usePageLinks } from "./page-link";
export { SearchBox } from "./search-box";
export { useNonce } from "~/utils/nonce";
export * from "~/utils/post-paths";
export * from "~/utils/page-title";
export { RelativeTime } from "./relative-time";
export { Avatar } from "./avatar";
export { PageNav } from "./page-nav";
export { StaffBadge, OfficialMark } from "./staff-badge";
export { lazyModule, preloadDrawnModules } from "~/utils/lazy-component";
export { PageForm, usePageForms, usePendingIntent } from "./page-form";
