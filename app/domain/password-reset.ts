/** What the reset page says of a link that cannot be used, whatever the reason (nothing to probe). */
export const RESET_LINK_PROBLEM =
  "This password reset link has expired, was already used, or is not valid. Ask for a new one below.";
