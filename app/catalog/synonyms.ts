import { fold } from "~/lib/text";

/**
 * Regional and bilingual names of the same produce, so a buyer from the North (or an English reader)
 * finds the South's names. Each group lists names written with their marks. Safe in the browser.
 *
 * A name marked `strict` folds to a different common word ("dứa" pineapple, "dưa" melon and "dừa" coconut all fold to "dua"; "ngô" corn vs
 * "ngò" coriander, "quả" fruit vs "quà" gift): it is expanded only when written with its own marks.
 */
interface SynonymName {
  text: string;
  strict?: boolean;
  /**
   * Also an everyday word after another one ("thơm" is pineapple, but "gạo thơm" is fragrant rice): a
   * name only as the first word (of a query or a title), and never searched for another name, so "khóm
   * trái lớn" does not find a mango described as "thơm". Listings titled with it carry the other names.
   */
  lead?: boolean;
}
type Group = ReadonlyArray<string | SynonymName>;

const strict = (text: string): SynonymName => ({ text, strict: true });
const lead = (text: string): SynonymName => ({ text, lead: true });

const SYNONYM_GROUPS: ReadonlyArray<Group> = [
  ["khóm", lead("thơm"), strict("dứa"), "pineapple"],
  [strict("na"), "mãng cầu ta", "mãng cầu dai", "sugar apple"],
  ["mãng cầu xiêm", "mãng cầu gai", "soursop"],
  [strict("ngô"), "bắp", "corn"],
  [strict("lợn"), "heo", "pork", "pig"],
  [strict("lạc"), "đậu phộng", "peanut"],
  [strict("quả"), "trái"],
  ["vú sữa", "star apple"],
  ["sầu riêng", "durian"],
  ["xoài", "mango"],
  ["thanh long", "dragon fruit"],
  ["bưởi", "pomelo"],
  ["nghêu", "ngao", "clam"],
  ["chôm chôm", "rambutan"],
  ["măng cụt", "mangosteen"],
  ["mít", "jackfruit"],
  ["ổi", "guava"],
  ["gà", "chicken"],
  ["chuối", "banana"],
  [strict("dừa"), "coconut"],
  ["mận", "roi", "wax apple"],
  ["khoai mì", "sắn", "cassava"],
  ["bí đỏ", "bí ngô", "pumpkin"],
  ["dưa leo", "dưa chuột", "cucumber"],
  ["khổ qua", "mướp đắng", "bitter melon"],
  ["mè", "vừng", "sesame"],
  ["hột vịt", "trứng vịt", "duck egg"],
  ["hột gà", "trứng gà", "chicken egg"],
  ["cá lóc", "cá quả", "snakehead"],
  ["ngò rí", "rau mùi", "coriander"],
  ["ngò gai", "mùi tàu"],
  ["gạo", "rice"],
  ["tôm", "shrimp"],
  ["mật ong", "honey"],
  ["trái cây", "hoa quả", "fruit"],
  ["rau", "vegetable"],
];

interface Entry {
  /** folded words of the name */
  words: string[];
  /** lower-case NFC text with marks, checked for strict names */
  marked: string;
  strict: boolean;
  lead: boolean;
  group: number;
}

const ENTRIES: Entry[] = SYNONYM_GROUPS.flatMap((group, index) =>
  group.map((name) => {
    const { text, strict: isStrict = false, lead: isLead = false } = typeof name === "string" ? { text: name } : name;
    return { words: fold(text).split(" "), marked: text.normalize("NFC").toLowerCase(), strict: isStrict, lead: isLead, group: index };
  }),
);
/** longest names first, so "mãng cầu xiêm" wins over a shorter name it contains */
const BY_LENGTH = [...ENTRIES].sort((a, b) => b.words.length - a.words.length);

/**
 * The folded alternatives of a group (each a list of words), the matched name first. Strict names are
 * left out: folded they mean another word too ("thơm" must not find "dưa hấu" through "dứa"); listings
 * written with them carry the group's other names in the index instead (synonymsOf).
 */
function alternatives(group: number, matched: Entry): string[][] {
  const others = ENTRIES.filter((e) => e.group === group && e !== matched && !e.strict && !e.lead).map((e) => e.words);
  return [matched.words, ...others];
}

export interface TermGroup {
  /** alternatives, each a phrase of folded words; one alternative means no synonym */
  alternatives: string[][];
  /** the words as typed (lower-case, with their marks) that the first alternative folds */
  marked?: string[];
}

/**
 * Splits words (folded, with the marked originals beside them) into term groups, replacing each
 * known name by the OR-group of its synonyms. Longest names match first.
 */
export function expandSynonyms(folded: string[], marked: string[]): TermGroup[] {
  const out: TermGroup[] = [];
  let i = 0;
  while (i < folded.length) {
    const hit = BY_LENGTH.find(
      (e) =>
        e.words.length <= folded.length - i &&
        e.words.every((w, k) => folded[i + k] === w) &&
        (!e.strict || marked.slice(i, i + e.words.length).join(" ") === e.marked) &&
        (!e.lead || i === 0),
    );
    if (hit) {
      out.push({ alternatives: alternatives(hit.group, hit), marked: marked.slice(i, i + hit.words.length) });
      i += hit.words.length;
    } else {
      out.push({ alternatives: [[folded[i]]], marked: [marked[i]] });
      i += 1;
    }
  }
  return out;
}

/**
 * Synonyms of the names found in a text, folded and space-separated, for the search index: a listing
 * titled "Khóm Tân Phước" is also found by "dứa" and "pineapple". Strict names count only with their marks.
 */
export function synonymsOf(text: string): string {
  const marked = text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const folded = marked.map((w) => fold(w));
  const extra = new Set<string>();
  for (const group of expandSynonyms(folded, marked)) {
    for (const alt of group.alternatives.slice(1)) extra.add(alt.join(" "));
  }
  return [...extra].join(" ");
}
