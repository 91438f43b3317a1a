import type { ReactNode } from "react";

/** A table that may be wider than a phone screen: a labelled, focusable region, so it scrolls by keyboard too. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
