// Limits of a category's fields, checked by the schema and shown by the admin form; no imports (see roles.ts).
export const CATEGORY_NAME_MAX = 60;
export const CATEGORY_DESCRIPTION_MAX = 300;
