import { Link } from "@remix-run/react";

/**
 * A labelled row of links that switch one setting of the page (plain links: they work without
 * JavaScript); the current choice is marked aria-current.
 */
export function ToggleLinks<K extends string>({
  label,
  options,
  current,
}: {
  label: string;
  options: ReadonlyArray<{ key: K; to: string; text: string }>;
  current: K;
}) {
  return (
    <nav aria-label={label}>
      <ul className="toggle-links">
        <li>{label}:</li>
        {options.map((o) => (
          <li key={o.key}>
            <Link to={o.to} aria-current={current === o.key ? "page" : undefined} preventScrollReset>
              {o.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
