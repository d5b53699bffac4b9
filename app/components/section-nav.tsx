import { NavLink } from "@remix-run/react";

/** A row of links between the pages of one area (admin, account); the current one is marked aria-current. */
export function SectionNav({ label, sections }: { label: string; sections: ReadonlyArray<readonly [to: string, label: string]> }) {
  return (
    <nav aria-label={label}>
      <ul className="admin-nav">
        {sections.map(([to, text]) => (
          <li key={to}>
            <NavLink to={to} end>
              {text}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
