/**
 * The one phone normaliser (safe in the browser): Vietnamese mobile numbers in any common
 * written form become E.164 (`+84912345678`); everything else is refused with a reason key
 * (accounts:phone.<reason>).
 */

type PhoneRejection = "empty" | "invalidCharacters" | "wrongLength" | "landline" | "notMobile";
type PhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneRejection };

/**
 * Mobile prefixes in use after the 2018 renumbering (11-digit 01xx numbers moved to 03x, 05x,
 * 07x, 08x). 095 (S-Fone) is closed; 057 was never assigned.
 */
const MOBILE_PREFIX = /^(3[2-9]|5[25689]|7[06789]|8[1-9]|9[0-46-9])/;

// People write separators, spaces (incl. no-break spaces from copy-paste) and "(+84)".
const SEPARATORS = /[\s.\-()/\u00a0\u2007\u202f]/g;

export function normalizePhone(input: string | null | undefined): PhoneResult {
  const compact = (input ?? "").replace(SEPARATORS, "");
  if (compact === "") return { ok: false, reason: "empty" };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: "invalidCharacters" };

  const digits = compact.replace(/^\+/, "");
  let national: string; // the 9 digits after the trunk 0 / country code
  if (compact.startsWith("+")) {
    if (!digits.startsWith("84")) return { ok: false, reason: "notMobile" };
    national = digits.slice(2);
  } else if (digits.startsWith("0084")) {
    national = digits.slice(4);
  } else if (digits.startsWith("84") && digits.length === 11) {
    national = digits.slice(2);
  } else if (digits.startsWith("0")) {
    national = digits.slice(1);
  } else if (digits.length === 9) {
    // A spreadsheet stored the number as a number and dropped its leading zero.
    national = digits;
  } else {
    return { ok: false, reason: "wrongLength" };
  }
  // "+84 0912 345 678": a trunk zero kept after the country code.
  if (national.length === 10 && national.startsWith("0")) national = national.slice(1);

  if (national.startsWith("2")) return { ok: false, reason: "landline" };
  if (national.length !== 9) return { ok: false, reason: "wrongLength" };
  if (!MOBILE_PREFIX.test(national)) return { ok: false, reason: "notMobile" };
  return { ok: true, e164: `+84${national}` };
}

/** `+84912345678` → `0912 345 678`, the way Vietnamese people read a mobile number. */
export function formatPhone(e164: string): string {
  const match = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(e164);
  if (!match) return e164;
  return `0${match[1]} ${match[2]} ${match[3]}`;
}

/** Zalo's chat link for a Vietnamese mobile number (Zalo expects the national form, 0912345678). */
export function zaloUrl(e164: string): string {
  return `https://zalo.me/${e164.replace(/^\+84/, "0")}`;
}

/** The forms of a number a person might reuse as a password (see password rules). */
export function phoneDigitForms(e164: string): string[] {
  const national = e164.replace(/^\+84/, "");
  return [`0${national}`, national, `84${national}`, `+84${national}`];
}

/** "0912 *** 678": enough for the household to recognise its slip, not enough to copy a number. */
export function maskPhone(e164: string): string {
  const shown = formatPhone(e164);
  const digits = shown.replace(/\D/g, "");
  if (digits.length < 8) return shown;
  return `${digits.slice(0, 4)} *** ${digits.slice(-3)}`;
}
