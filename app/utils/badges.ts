/** Community badges earned by accepted answers; awarded once and kept (as on Stack Overflow). */
export const ACCEPTED_BADGES = [
  { id: "first-accepted", label: "First solved answer", threshold: 1 },
  { id: "helper", label: "Helper", threshold: 10 },
  { id: "expert", label: "Expert", threshold: 50 },
] as const;

export type BadgeId = (typeof ACCEPTED_BADGES)[number]["id"];

export function badgeLabel(id: string): string {
  return ACCEPTED_BADGES.find((badge) => badge.id === id)?.label ?? id;
}

/** Reputation arithmetic, shared by the services and the profile's explanation. */
export const REPUTATION = { accepted: 15, helpful: 2 } as const;
