import { avatarPath } from "~/utils/avatar-path";

export interface AvatarPerson {
  id: string;
  displayName: string;
  avatarMediaId?: string | null;
}

// Each has at least 4.5:1 contrast with white text (axe's threshold for small text).
const PALETTE = ["#1d4ed8", "#b91c1c", "#047857", "#6d28d9", "#c2410c", "#0f766e", "#be185d", "#4d7c0f", "#374151", "#a21caf", "#0369a1", "#92400e"];
const PIXELS = { sm: 24, md: 40, lg: 96 } as const;

/** Up to two letters from the name: "Ada Lovelace" → "AL", "zoe" → "Z". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => Array.from(word)[0]!.toUpperCase()).join("") || "?";
}

/** A colour that stays the member's across renames: derived from the account id, not the name. */
export function avatarColour(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/**
 * The member's picture, or their initials on a colour of their own. Decorative by default (the
 * name is always written beside it); give `label` where it stands alone.
 */
export function Avatar({ person, size = "sm", label }: { person: AvatarPerson; size?: keyof typeof PIXELS; label?: string }) {
  const pixels = PIXELS[size];
  const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  const src = avatarPath(person.avatarMediaId);
  if (src) {
    return <img className={`avatar avatar--${size}`} src={src} width={pixels} height={pixels} alt={label ?? ""} {...(label ? {} : { "aria-hidden": true })} />;
  }
  return (
    <span className={`avatar avatar--${size} avatar--initials`} style={{ backgroundColor: avatarColour(person.id) }} {...a11y}>
      {initialsOf(person.displayName)}
    </span>
  );
}
