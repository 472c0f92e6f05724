/**
 * Public order codes and bank-transfer references (browser-safe). Both derive from the order's
 * integer id, so they are unique without a counter: CNS-2026-000123 and CNS000123.
 */
import { todayInVietnam } from "~/lib/clock";

/** "CNS-2026-000123": the year the order was placed in Vietnam, then the id (6 digits or more). */
export function orderCode(id: number, placedAt: Date): string {
  return `CNS-${todayInVietnam(placedAt).slice(0, 4)}-${String(id).padStart(6, "0")}`;
}

const CODE = /^CNS-(\d{4})-(\d{6,})$/;

/** True for a well-formed code; anything else is a 404 without a database read. */
export function isOrderCode(value: string | undefined | null): value is string {
  return typeof value === "string" && CODE.test(value);
}

/**
 * The reference a buyer types into the transfer memo: letters and digits only (banks drop or
 * mangle other characters), short enough for every bank app's memo field.
 */
export function transferReference(id: number): string {
  return `CNS${String(id).padStart(6, "0")}`;
}
