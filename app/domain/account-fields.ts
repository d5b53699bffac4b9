// Limits of the account fields, checked by the schemas and shown by the forms; no imports (see roles.ts).
export const HANDLE_PATTERN = /^[a-z0-9_]{3,24}$/;
export const HANDLE_MAX = 24;
export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 60;
