import type { ShouldRevalidateFunction } from "@remix-run/react";

/** Where the answer boxes' live preview posts (a resource route that renders and stores nothing). */
export const PREVIEW_ACTION = "/resources/markdown-preview";

/**
 * A route's `shouldRevalidate` for pages with an answer box: a preview changes nothing any loader
 * reads, so it must not reload the page's data. Besides costing a whole page's loaders per pause in
 * typing, that reload raced a post made meanwhile: finishing after the post had started, it marked the
 * page current, and the post's redirect to the same address with `#post-N` then counted as a mere
 * hash change, so the new answer did not appear (tests/e2e/posting-edge-cases.test.ts).
 */
export const skipRevalidationAfterPreview: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction === PREVIEW_ACTION ? false : defaultShouldRevalidate;
