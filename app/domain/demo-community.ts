/** What the admin types to confirm removing the demo community, so one stray click cannot empty the forum. */
export const DEMO_REMOVAL_PHRASE = "remove demo";
