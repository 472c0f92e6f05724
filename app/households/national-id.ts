/**
 * National ID numbers (browser-safe). A CCCD (citizen identity card) has 12 digits, the first three
 * being the code of the province where the holder was born (001–096, the pre-2025 GSO codes). The
 * older 9-digit CMND is still in people's wallets: accepted, but flagged so an officer can ask for
 * the CCCD.
 */

type NationalIdKind = "cccd" | "cmnd";

type NationalIdResult =
  | { ok: true; value: string; kind: NationalIdKind }
  | { ok: false; reason: "invalidCharacters" | "wrongLength" | "badProvince" };

// People type these with spaces or dots between groups of digits.
const SEPARATORS = /[\s.\-\u00a0]/g;

export function parseNationalId(input: string): NationalIdResult {
  const compact = input.replace(SEPARATORS, "");
  if (!/^\d+$/.test(compact)) return { ok: false, reason: "invalidCharacters" };
  if (compact.length === 9) return { ok: true, value: compact, kind: "cmnd" };
  if (compact.length !== 12) return { ok: false, reason: "wrongLength" };
  const province = Number(compact.slice(0, 3));
  if (province < 1 || province > 96) return { ok: false, reason: "badProvince" };
  return { ok: true, value: compact, kind: "cccd" };
}

/**
 * The number as a viewer may see it: whole for those allowed (see canSeeNationalId), otherwise
 * every digit but the last four hidden ("********1234").
 */
export function maskNationalId(nationalId: string | null | undefined, visibleToViewer: boolean): string | null {
  if (!nationalId) return null;
  if (visibleToViewer) return nationalId;
  const shown = nationalId.slice(-4);
  return "*".repeat(Math.max(nationalId.length - 4, 0)) + shown;
}
