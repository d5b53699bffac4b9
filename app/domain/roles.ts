// The lowest floor: plain values and types with no imports, shared by db/, search/, services and
// components alike (a component importing db/schema or a service would pull server code in).
export const ROLES = ["member", "staff", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
