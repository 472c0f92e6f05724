/**
 * Vietnamese text helpers shared by search, name matching and imports. Safe in the browser.
 */

/**
 * Characters that are NFC-stable on their own and not whitespace: printable ASCII, Latin-1 letters,
 * Latin Extended-A/B and Latin Extended Additional (every precomposed Vietnamese letter). A string of
 * these and single inner spaces is already what cleanText would return.
 */
function isPlainCode(c: number): boolean {
  return (c >= 0x21 && c <= 0x7e) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff);
}

/**
 * Control characters (C0 except tab, line feed and carriage return; DEL) and the bidirectional
 * embedding, override and isolate characters: invisible in a name or review, they can hide or
 * reorder what others read ("Vườn \u202Eexe.gnp" shows as "Vườn png.exe"). None is plain, so
 * text holding one always takes the slow path. Removed before NFC, so a mark they separated from
 * its letter composes with it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

function cleanTextSlow(input: string): string {
  return input.replace(CONTROLS, "").normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * The one input-cleaning function for single-line text (names, titles, reasons, reviews): drops
 * control and direction-override characters, NFC-normalises, and collapses whitespace (tabs and
 * line breaks included) to single spaces.
 */
export function cleanText(input: string): string {
  // Fast path (imports clean every cell of 276,882-row sheets): nothing to normalise, trim or collapse.
  const n = input.length;
  let space = true; // a leading space is not clean
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x20) {
      if (space) return cleanTextSlow(input);
      space = true;
    } else if (isPlainCode(c)) space = false;
    else return cleanTextSlow(input);
  }
  return space && n > 0 ? cleanTextSlow(input) : input;
}

/**
 * cleanText for text whose line breaks matter (descriptions): the same characters dropped, line
 * breaks kept as \n, each line trimmed with its spaces and tabs collapsed, at most one blank line in a row.
 */
export function cleanMultilineText(input: string): string {
  return input
    .replace(CONTROLS, "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function foldSlow(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * fold() of each code unit below FOLD_TABLE_END and in Latin Extended Additional, by foldSlow itself
 * (so the two agree by construction), as the one code unit it folds to, or: SPACE (whitespace), DROP
 * (combining marks U+0300–U+036F fold to nothing), SLOW (folds to several code units). Greek and
 * beyond are left to foldSlow (final sigma lower-cases by context; other marks reorder).
 */
const FOLD_TABLE_END = 0x370;
const VIET_START = 0x1e00;
const VIET_END = 0x1f00;
const SPACE = -1;
const DROP = -2;
const SLOW = -3;
let foldTable: Int32Array | null = null;
/** Output buffer reused by fold() (grown on demand): no intermediate strings per character. */
let foldBuffer = new Uint16Array(256);
const FOLD_FAST_MAX = 4096;

function buildFoldTable(): Int32Array {
  const table = new Int32Array(FOLD_TABLE_END + (VIET_END - VIET_START));
  const entry = (code: number) => {
    const ch = String.fromCharCode(code);
    if (/\s/.test(ch)) return SPACE;
    const folded = foldSlow(ch);
    return folded.length === 0 ? DROP : folded.length === 1 ? folded.charCodeAt(0) : SLOW;
  };
  for (let c = 0; c < FOLD_TABLE_END; c++) table[c] = entry(c);
  for (let c = VIET_START; c < VIET_END; c++) table[FOLD_TABLE_END + c - VIET_START] = entry(c);
  return table;
}

/**
 * The one folding function: lowercase, strip tone and vowel marks, đ→d, collapse spaces.
 * "Xoài cát Hòa Lộc" → "xoai cat hoa loc"; "ĐỒNG THÁP" → "dong thap".
 * Latin text (the Vietnamese alphabet, composed or decomposed) is folded a code unit at a time through
 * a table built from the normalize()-based definition; anything else takes that definition directly.
 * text.test.ts checks both agree over U+0000–U+2FFF and random Vietnamese strings.
 */
export function fold(input: string): string {
  const table = (foldTable ??= buildFoldTable());
  const n = input.length;
  // Long texts (descriptions) take the definition: fromCharCode.apply has an argument limit.
  if (n > FOLD_FAST_MAX) return foldSlow(input);
  if (foldBuffer.length < n) foldBuffer = new Uint16Array(n * 2);
  const out = foldBuffer;
  let length = 0;
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    let code: number;
    if (c < FOLD_TABLE_END) code = table[c];
    else if (c >= VIET_START && c < VIET_END) code = table[FOLD_TABLE_END + c - VIET_START];
    else return foldSlow(input);
    if (code >= 0) {
      // Never longer than the input: one code unit out per code unit in, a space only before one.
      if (pendingSpace) {
        out[length++] = 0x20;
        pendingSpace = false;
      }
      out[length++] = code;
    } else if (code === SPACE) pendingSpace = length > 0;
    else if (code === SLOW) return foldSlow(input);
  }
  return String.fromCharCode.apply(null, out.subarray(0, length) as unknown as number[]);
}

/** URL slug from a Vietnamese name: "Xoài cát Hòa Lộc" → "xoai-cat-hoa-loc". */
export function slugify(input: string): string {
  return fold(input)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A person's name as shown to everyone (reviews): the word before the given name and the given
 * name's initial, "Lê Minh Anh" → "Minh A.", so strangers cannot look the buyer up by full name.
 * Bracketed notes on an account's name ("(demo)") are dropped; a single word is shown as it is.
 */
export function shortPersonName(name: string): string {
  const words = cleanText(name.replace(/\([^)]*\)/g, " "))
    .split(" ")
    .filter(Boolean);
  if (words.length < 2) return words[0] ?? "";
  const given = words[words.length - 1];
  // The first letter with its marks (NFC made it one code point).
  const initial = String.fromCodePoint(given.codePointAt(0)!).toLocaleUpperCase("vi");
  return `${words[words.length - 2]} ${initial}.`;
}
