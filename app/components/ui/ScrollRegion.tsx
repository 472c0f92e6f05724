import type { ReactNode } from "react";

/**
 * A table wider than a phone scrolls sideways inside this box. A keyboard user must reach it to scroll it
 * (axe: scrollable-region-focusable), so it takes focus and is a named region.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
