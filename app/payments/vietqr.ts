/**
 * VietQR (NAPAS EMVCo merchant-presented QR) payloads for a bank transfer to a farm's account.
 * Pure and browser-safe: the SVG rendering lives in vietqr.server.ts.
 */
import { fold } from "~/lib/text";

interface VietQrInput {
  /** NAPAS acquirer BIN of the farm's bank, 6 digits */
  bin: string;
  accountNumber: string;
  /** integer VND; omitted for a static code the payer fills in */
  amountVnd?: number;
  /** the transfer memo the farm looks for: our unique transfer reference */
  reference?: string;
}

/** One EMVCo data object: ID, two-digit length, value. */
function tlv(id: string, value: string): string {
  if (value.length > 99) throw new Error(`VietQR field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, "0")}${value}`;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR), as EMVCo requires. */
export function crc16Ccitt(text: string): number {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/**
 * Banks' apps reject memos with marks or symbols: keep A–Z, digits and spaces. Marks go the way
 * fold() strips them, one character at a time so the memo keeps its capitals.
 */
function memoSafe(reference: string): string {
  return Array.from(reference.normalize("NFC"), (c) => (/\s/.test(c) ? " " : c === c.toLowerCase() ? fold(c) : fold(c).toUpperCase()))
    .join("")
    .replace(/[^A-Za-z0-9 ]/g, "")
    .trim()
    .slice(0, 25);
}

/**
 * The QR text: 00 format "01", 01 "12" (dynamic: amount fixed), 38 merchant account (GUID
 * A000000727, beneficiary = BIN + account, service QRIBFTTA = transfer to an account),
 * 53 currency 704, 54 amount, 58 VN, 62/08 purpose (the reference), 63 CRC of everything before
 * it including "6304".
 */
export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bin)) throw new Error("VietQR needs a 6-digit bank BIN");
  const account = input.accountNumber.replace(/[\s.-]/g, "");
  if (!/^[0-9A-Za-z]{1,19}$/.test(account)) throw new Error("VietQR needs an account number of at most 19 letters or digits");
  const dynamic = input.amountVnd !== undefined;
  if (dynamic && (!Number.isInteger(input.amountVnd) || input.amountVnd! <= 0 || String(input.amountVnd).length > 13)) {
    throw new Error("VietQR amount must be a positive integer of VND");
  }
  const beneficiary = tlv("00", input.bin) + tlv("01", account);
  let payload =
    tlv("00", "01") +
    tlv("01", dynamic ? "12" : "11") +
    tlv("38", tlv("00", "A000000727") + tlv("01", beneficiary) + tlv("02", "QRIBFTTA")) +
    tlv("53", "704") +
    (dynamic ? tlv("54", String(input.amountVnd)) : "") +
    tlv("58", "VN");
  const memo = input.reference ? memoSafe(input.reference) : "";
  if (memo) payload += tlv("62", tlv("08", memo));
  payload += "6304";
  return payload + crc16Ccitt(payload).toString(16).toUpperCase().padStart(4, "0");
}
