/**
 * The checkout's fee update without a reload (app/islands/checkout.ts), its pure part: safe in the
 * browser, no DOM. The page's own GET answers it (thanh-toan's loader reads the same fields the
 * no-script "update fees" button sends), so the server stays the one place fees are computed.
 */

/** The address fields whose change asks for new fees (and, for the province, its communes). */
const TRIGGERS = new Set(["provinceCode", "communeCode"]);
/** What the answer depends on: the address, the card-or-per-farm choice and each farm's choices. */
const SENT = /^(provinceCode|communeCode|paymentMethod|(delivery|payment)-\d+)$/;

/**
 * The query for the fees after `changed` changed, from the form's entries; null when that field
 * does not move a fee. A new province sends no commune: its communes come back and none is chosen.
 */
export function feeQuery(entries: Iterable<[string, unknown]>, changed: string): URLSearchParams | null {
  if (!TRIGGERS.has(changed)) return null;
  const params = new URLSearchParams();
  for (const [name, value] of entries) {
    if (typeof value === "string" && SENT.test(name)) params.append(name, value);
  }
  if (changed === "provinceCode") params.delete("communeCode");
  return params;
}

/** Numbers requests so that an answer older than the newest request is dropped. */
export function newestOnly() {
  let newest = 0;
  return {
    start: () => ++newest,
    isNewest: (id: number) => id === newest,
  };
}
