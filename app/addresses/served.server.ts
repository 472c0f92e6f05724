/**
 * The provinces this market serves: where farms may register and officers work. The home province
 * (HOME_PROVINCE_CODE) first, then SERVED_PROVINCE_CODES. Buyers may live anywhere.
 */
import { env } from "~/lib/env.server";
import type { Db } from "~/lib/db.server";
import { getUnit, listCurrentCommunes } from "./lookup.server";
import { CURRENT_SET } from "./sets";

export function servedProvinceCodes(): string[] {
  const { HOME_PROVINCE_CODE, SERVED_PROVINCE_CODES } = env();
  const listed = (SERVED_PROVINCE_CODES ?? "").split(",").map((c) => c.trim()).filter(Boolean);
  return [...new Set([HOME_PROVINCE_CODE, ...listed])];
}

export function isServedProvince(code: string): boolean {
  return servedProvinceCodes().includes(code);
}

/** "Tỉnh Đồng Tháp, Tỉnh Vĩnh Long": for hints and messages. */
export function servedProvinceNames(db: Db): string {
  return servedProvinceCodes()
    .map((code) => getUnit(db, CURRENT_SET, code)?.name ?? code)
    .join(", ");
}

/**
 * The communes a farm may be in, for a picker: by name within one province; with several provinces
 * each name says its province, since commune names repeat across provinces.
 */
export function servedCommuneOptions(db: Db): Array<{ code: string; name: string }> {
  const codes = servedProvinceCodes();
  if (codes.length === 1) return listCurrentCommunes(db, codes[0]).map((c) => ({ code: c.code, name: c.name }));
  return codes.flatMap((code) => {
    const province = getUnit(db, CURRENT_SET, code)?.name ?? code;
    return listCurrentCommunes(db, code).map((c) => ({ code: c.code, name: `${c.name} (${province})` }));
  });
}
