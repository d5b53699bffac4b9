import { SectionNav } from "./section-nav";

const SECTIONS = [
  ["/account", "Preferences"],
  ["/account/profile", "Profile and picture"],
  ["/account/email", "Email"],
  ["/account/password", "Password"],
  ["/account/delete", "Delete account"],
] as const;

export function AccountNav() {
  return <SectionNav label="Account settings" sections={SECTIONS} />;
}
