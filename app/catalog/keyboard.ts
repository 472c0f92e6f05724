/**
 * Words typed without a Vietnamese keyboard: Telex ("xoaif", "buwowi", "rieeng") and VNI ("xoai2",
 * "bu7o73i") key sequences decoded into the Vietnamese word they stand for, and a key that compares
 * words by their marks whatever the tone's position ("hòa" and "hoà" are the same spelling). Safe in the browser.
 */

const TONES = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" } as const;
const VNI_TONES: Record<string, string> = { "1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323" };
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const VOWELS = "aăâeêioôơuưy";
const MODIFIED = "ăâêôơư";

/** Puts the tone on the vowel that carries it (the modified vowel, else the main one of the cluster). */
function placeTone(letters: string[], tone: string | null): string {
  const word = letters.join("");
  if (!tone) return word.normalize("NFC");
  // "qu" and "gi" before a vowel are consonants: their u / i never carries the tone.
  let start = 0;
  if (/^(qu|gi)[aăâeêioôơuưy]/.test(word)) start = 2;
  const positions: number[] = [];
  for (let i = start; i < letters.length; i++) {
    if (VOWELS.includes(letters[i])) positions.push(i);
    else if (positions.length > 0) break;
  }
  if (positions.length === 0) return word.normalize("NFC");
  const modified = positions.filter((i) => MODIFIED.includes(letters[i]));
  const hasFinal = positions[positions.length - 1] < letters.length - 1;
  let at: number;
  if (modified.length > 0) at = modified[modified.length - 1];
  else if (positions.length >= 3) at = positions[1];
  else if (positions.length === 2) at = hasFinal ? positions[1] : positions[0];
  else at = positions[0];
  const out = [...letters];
  out[at] = out[at] + tone;
  return out.join("").normalize("NFC");
}

function decodeTelex(word: string): string | null {
  const letters: string[] = [];
  let tone: string | null = null;
  let changed = false;
  for (const ch of word) {
    const last = letters[letters.length - 1];
    const seenVowel = letters.some((l) => VOWELS.includes(l));
    if (ch === "w") {
      // "uow" → ươ; "ow" → ơ; "uw" → ư; "aw" → ă; a lone "w" → ư
      if (last === "o" && letters[letters.length - 2] === "u") {
        letters[letters.length - 2] = "ư";
        letters[letters.length - 1] = "ơ";
      } else if (last === "o") letters[letters.length - 1] = "ơ";
      else if (last === "u") letters[letters.length - 1] = "ư";
      else if (last === "a") letters[letters.length - 1] = "ă";
      else letters.push("ư");
      changed = true;
    } else if ((ch === "a" || ch === "e" || ch === "o") && last === ch) {
      letters[letters.length - 1] = ({ a: "â", e: "ê", o: "ô" } as const)[ch];
      changed = true;
    } else if (ch === "d" && last === "d" && letters.length === 1) {
      letters[0] = "đ";
      changed = true;
    } else if (seenVowel && ch in TONES) {
      // No Vietnamese word ends in s, f, r, x or j after its vowel: after a vowel these keys are tones.
      tone = TONES[ch as keyof typeof TONES];
      changed = true;
    } else if (seenVowel && ch === "z") {
      tone = null;
      changed = true;
    } else letters.push(ch);
  }
  return changed ? placeTone(letters, tone) : null;
}

function decodeVni(word: string): string | null {
  if (!/[1-9]/.test(word) || !/^[a-z]/.test(word)) return null;
  const letters: string[] = [];
  let tone: string | null = null;
  const modify = (from: string, to: string) => {
    for (let i = letters.length - 1; i >= 0; i--) {
      const k = from.indexOf(letters[i]);
      if (k >= 0) {
        letters[i] = to[k];
        return true;
      }
    }
    return false;
  };
  for (const ch of word) {
    if (ch in VNI_TONES) tone = VNI_TONES[ch];
    else if (ch === "6") {
      if (!modify("aeo", "âêô")) return null;
    } else if (ch === "7") {
      // "uo7" → ươ
      const n = letters.length;
      if (letters[n - 1] === "o" && letters[n - 2] === "u") {
        letters[n - 2] = "ư";
        letters[n - 1] = "ơ";
      } else if (!modify("ou", "ơư")) return null;
    } else if (ch === "8") {
      if (!modify("a", "ă")) return null;
    } else if (ch === "9") {
      if (!modify("d", "đ")) return null;
    } else if (/[a-z]/.test(ch)) letters.push(ch);
    else return null;
  }
  return placeTone(letters, tone);
}

/**
 * The Vietnamese words a lower-case word may have been typed as with Telex or VNI keys, each different
 * from the word itself ("xoaif" → ["xoài"], "xoai2" → ["xoài"], "buwowi" → ["bươi"]); empty when neither applies.
 */
export function decodeKeyboard(word: string): string[] {
  const lower = word.normalize("NFC").toLowerCase();
  if (!/^[a-z0-9]+$/.test(lower)) return [];
  const out = new Set<string>();
  for (const decoded of [decodeTelex(lower), decodeVni(lower)]) {
    if (decoded && decoded !== lower && /\p{L}/u.test(decoded)) out.add(decoded);
  }
  return [...out];
}

/**
 * A word's spelling with the tone moved to its end: two spellings of the same word compare equal
 * whether the tone was put on the old or the new position ("hòa" / "hoà", "thủy" / "thuỷ").
 */
export function markKey(word: string): string {
  const nfd = word.normalize("NFD").toLowerCase();
  const tones = nfd.match(TONE_MARKS) ?? [];
  return nfd.replace(TONE_MARKS, "") + tones.join("");
}

/** True when a word carries any Vietnamese mark (tone, vowel mark, or đ). */
export function hasMarks(word: string): boolean {
  return /[\u0300-\u036f]/.test(word.normalize("NFD")) || /[đĐ]/.test(word);
}
