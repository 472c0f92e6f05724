import { cleanText, fold } from "~/lib/text";

/**
 * Unit words as written in full (with marks) and folded. A full word is stripped only when the input
 * has the marks ("Phường") or none at all ("phuong"): "Phương Thịnh" is a name, not a ward.
 */
const FULL_WORDS: Array<[accented: string, folded: string]> = [
  ["thành phố", "thanh pho"],
  ["thị trấn", "thi tran"],
  ["thị xã", "thi xa"],
  ["đặc khu", "dac khu"],
  ["phường", "phuong"],
  ["huyện", "huyen"],
  ["quận", "quan"],
  ["tỉnh", "tinh"],
  ["xã", "xa"],
];

const ABBREVIATIONS: Record<string, string> = {
  tp: "thanh pho",
  tx: "thi xa",
  tt: "thi tran",
  x: "xa",
  p: "phuong",
  h: "huyen",
  q: "quan",
  t: "tinh",
};

export interface ParsedUnitName {
  /** folded unit word, e.g. "xa", "phuong", "thi tran", "thanh pho" */
  type?: string;
  /** folded name without the unit word; numbered wards as plain numbers ("Phường 01" → "1") */
  name: string;
  /** true when a full unit word was stripped from unmarked input, so the whole text may be a name */
  unsure?: boolean;
}

/** Folded name with leading zeros of a numbered ward dropped ("01" → "1"). */
function normaliseUnitName(folded: string): string {
  const name = folded.replace(/^[\s.,;:-]+|[\s.,;:]+$/g, "").trim();
  const numbered = /^0*(\d+)$/.exec(name);
  return numbered ? String(Number(numbered[1])) : name;
}

/**
 * Splits "X. Hòa Hưng", "xa hoa hung", "TP.Mỹ Tho", "P1", "phuong 01" into a unit word and a folded name.
 */
export function parseUnitName(text: string): ParsedUnitName {
  const clean = cleanText(text);
  const lower = clean.toLowerCase();
  const folded = fold(clean);

  for (const [accented, word] of FULL_WORDS) {
    if (!folded.startsWith(word)) continue;
    const after = folded.slice(word.length);
    if (after !== "" && !/^[\s.\d]/.test(after)) continue; // "Xa Lý" is not "Xã Lý"… unless spaced
    const written = lower.slice(0, word.length);
    if (written !== accented && written !== word) continue;
    const name = normaliseUnitName(after);
    if (!name) return { name: normaliseUnitName(folded) };
    return written === word && written !== accented ? { type: word, name, unsure: true } : { type: word, name };
  }

  const multi = /^(tp|tx|tt)(?:\.\s*|\s+)(.+)$/.exec(folded);
  if (multi) return { type: ABBREVIATIONS[multi[1]], name: normaliseUnitName(multi[2]) };
  const single = /^([xphqt])\.\s*(.+)$/.exec(folded);
  if (single) return { type: ABBREVIATIONS[single[1]], name: normaliseUnitName(single[2]) };
  const numbered = /^([pq])\s*(\d+)$/.exec(folded);
  if (numbered) return { type: ABBREVIATIONS[numbered[1]], name: normaliseUnitName(numbered[2]) };

  return { name: normaliseUnitName(folded) };
}

/** Names to try for a parsed input: the parsed one, then the whole text when the unit word was unsure. */
export function nameVariants(text: string): ParsedUnitName[] {
  const parsed = parseUnitName(text);
  if (!parsed.unsure) return [parsed];
  return [parsed, { name: normaliseUnitName(fold(cleanText(text))) }];
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * Name key that keeps tones and vowel marks but not where the tone mark sits: "Hòa" and "Hoà" agree,
 * "Thạnh Hòa" and "Thanh Hòa" (two different communes that fold alike) do not.
 */
export function markedKey(text: string): string {
  return cleanText(text)
    .toLowerCase()
    .normalize("NFD")
    .split(" ")
    .map((syllable) => {
      const tones = syllable.match(TONE_MARKS)?.join("") ?? "";
      return syllable.replace(TONE_MARKS, "").normalize("NFC") + tones;
    })
    .join(" ");
}

/** True when the text carries Vietnamese marks, so its exact spelling can tell units apart. */
export function hasMarks(text: string): boolean {
  const clean = cleanText(text).toLowerCase();
  return fold(clean) !== clean;
}

/** Levenshtein distance, small strings only. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Names close enough to offer as "did you mean": one contains the other, or few edits apart. */
export function similar(a: string, b: string): boolean {
  if (a === b) return true;
  if (` ${b} `.includes(` ${a} `) || ` ${a} `.includes(` ${b} `)) return true;
  return distance(a, b) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 4));
}
