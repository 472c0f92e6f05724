/**
 * Realistic officers' household sheets for the benchmarks (bench:import, bench:national): names with and
 * without diacritics, phones whose leading zero Excel dropped, 11- and 12-digit CCCD, phones shared by
 * relatives, repeated households, about 1 % bad rows, and communes written as before the 2025 reform
 * (former district + commune, with and without prefixes and diacritics) or as today.
 * Without a province the rows are the former Tiền Giang's (bench:import's file, unchanged); with one
 * (a current province code) they are that province's, with a province column, for a country's files.
 */
import fs from "node:fs";
import path from "node:path";
import { fold } from "~/lib/text";
import { seededRandom } from "../db/seed/random";

const ROOT = path.resolve(import.meta.dirname, "..");

const SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lý", "Châu", "Tô", "Lâm"];
const MIDDLES = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Ngọc", "Quốc", "Kim", "Công", "Hoàng", "Thị Kim", "Văn Út"];
const GIVEN = ["Bé", "Hoa", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Hùng", "Dũng", "Lan", "Hạnh", "Phúc", "Lộc", "Tài", "Thảo", "Trinh", "Nghĩa", "Đức", "Hiền", "Cúc", "Mai", "Sơn", "Tâm", "Hậu", "Lợi", "Thắng", "Nhàn", "Yến"];
const PRODUCTS = ["Lúa", "Xoài cát Hòa Lộc", "Sầu riêng Ri6", "Vú sữa Lò Rèn", "Thanh long", "Bưởi da xanh", "Khóm Tân Phước", "Dừa", "Mít", "Chôm chôm", "Heo", "Gà ta", "Cá tra", "Rau màu", "Nghêu Gò Công", "Sơri", "Cam sành", "Lúa, dừa", "Sầu riêng, mít"];
const HAMLETS = ["Mỹ Lợi", "Hòa Quý", "Bình Hưng", "Tân Phong", "Ấp 1", "Ấp 2", "Ấp 3", "Long Hòa", "An Thạnh", "Phú Hưng"];
const MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"];

/** The text as typed without marks ("Nguyễn Văn Bé" → "Nguyen Van Be"): folded, each word keeping its capital. */
function stripDiacritics(s: string): string {
  return s
    .split(" ")
    .map((word) => {
      const plain = fold(word);
      return word[0] !== word[0]?.toLowerCase() ? plain.charAt(0).toUpperCase() + plain.slice(1) : plain;
    })
    .join(" ");
}

interface Place {
  /** the province as an officer of that list writes it (national files only) */
  province: string;
  district: string;
  commune: string;
  /** the former province's code: the CCCD's birthplace digits */
  born: string;
}

const MAPPING_CSV = "db/data/admin-units/vn_commune_mapping_2025-07-01_old_to_new.csv";
const CURRENT_CSV = "db/data/admin-units/vn_admin_units_two_tier_current_2026-04-30.csv";

/** The mapping file's rows (old province, old district, old commune → new commune, new province). */
const mappingLines = () =>
  fs
    .readFileSync(path.join(ROOT, MAPPING_CSV), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(","));

/** The 34 current provinces (after the 2025 reform) with their number of communes. */
export function currentProvinces(): Array<{ code: string; name: string; communes: number }> {
  const lines = fs.readFileSync(path.join(ROOT, CURRENT_CSV), "utf8").split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(","));
  const communes = new Map<string, number>();
  for (const c of lines) if (c[0] === "2") communes.set(c[9], (communes.get(c[9]) ?? 0) + 1);
  return lines.filter((c) => c[0] === "1").map((c) => ({ code: c[1], name: c[2], communes: communes.get(c[1]) ?? 0 }));
}

/**
 * Former communes that went whole into one current commune, and the current communes, each with the
 * former district of one of the communes it was made of: a current name alone is often also a former
 * commune's name elsewhere in the merged province, and the importer rightly refuses to guess.
 * Without a province: the former Tiền Giang (82); with one: every former commune of that current province.
 */
function places(province?: { code: string; name: string }): { former: Place[]; current: Place[] } {
  const lines = mappingLines().filter((c) => (province ? c[8] === province.code : c[0] === "82"));
  const targets = new Map<string, number>();
  for (const c of lines) targets.set(c[4], (targets.get(c[4]) ?? 0) + 1);
  const former = lines
    .filter((c) => c[9] === "full" && targets.get(c[4]) === 1)
    .map((c) => ({ province: province ? c[1] : "", district: c[3], commune: c[5], born: c[0] }));
  const current = new Map<string, Place>();
  for (const c of lines) if (!current.has(c[7])) current.set(c[7], { province: province?.name ?? "", district: c[3], commune: c[7], born: c[0] });
  return { former, current: [...current.values()] };
}

const PREFIXES: Array<[RegExp, string[]]> = [
  [/^Huyện /, ["Huyện ", "H. ", ""]],
  [/^Thị xã /, ["Thị xã ", "TX. ", "TX "]],
  [/^Thành phố /, ["Thành phố ", "TP. ", "TP "]],
  [/^Quận /, ["Quận ", "Q. "]],
  [/^Xã /, ["Xã ", "X. ", ""]],
  [/^Phường /, ["Phường ", "P. "]],
  [/^Thị trấn /, ["Thị trấn ", "TT. ", "TT "]],
];

/** "Huyện Cái Bè" as officers write it: "H. Cái Bè", "Cái Bè", "Huyen Cai Be". */
function writeUnit(name: string, r: () => number): string {
  let out = name;
  for (const [re, variants] of PREFIXES) {
    if (re.test(name)) {
      out = variants[Math.floor(r() * variants.length)] + name.replace(re, "");
      break;
    }
  }
  return r() < 0.15 ? stripDiacritics(out) : out;
}

export const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const BENCH_HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD", "Huyện", "Xã/Phường", "Ấp", "Sản phẩm chính", "Diện tích (m2)", "Đồng ý"];
/** A country's files: the same columns and a province, since commune names repeat across provinces. */
export const NATIONAL_HEADER = ["STT", "Họ và tên chủ hộ", "Số điện thoại", "Số CCCD", "Tỉnh", "Huyện", "Xã/Phường", "Ấp", "Sản phẩm chính", "Diện tích (m2)", "Đồng ý"];

/**
 * Yields data rows (without STT), deterministic for a seed: BENCH_HEADER's columns, or with a province
 * (a current province code and name) NATIONAL_HEADER's. Files of one province written in parts start
 * their ID serials where the previous part stopped (`firstSerial`), so no two households share an ID.
 */
export function* householdRows(count: number, seed: number, province?: { code: string; name: string }, firstSerial = 0): Generator<string[]> {
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const { former, current } = places(province);
  let serial = firstSerial;
  let previous: string[] | null = null;
  for (let i = 0; i < count; i++) {
    // About 0.5 % repeat an earlier household (a second list of the same hamlet).
    if (previous && r() < 0.005) {
      yield previous;
      continue;
    }
    serial++;
    let name = `${pick(SURNAMES)} ${pick(MIDDLES)} ${pick(GIVEN)}`;
    if (r() < 0.25) name = stripDiacritics(name);
    let phone = `${pick(MOBILE_PREFIXES)}${String(Math.floor(r() * 10_000_000)).padStart(7, "0")}`;
    // Relatives share a phone (a different name keeps them apart).
    if (previous && r() < 0.03) phone = previous[1];
    else if (r() < 0.1) phone = phone.slice(1); // Excel dropped the zero
    else if (r() < 0.2) phone = `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
    // The random draws in bench:import's order, so its file stays the same: the ID, the place, the rest.
    let id = "";
    let dropZero = false;
    if (r() < 0.6) {
      // Century/gender digit, birth year, then a serial: unique per household (a file holds fewer than a
      // million; the birthplace digits come first, and two files' provinces never share them).
      id = `${r() < 0.5 ? "0" : "1"}${String(40 + Math.floor(r() * 60)).padStart(2, "0")}${String(serial % 1_000_000).padStart(6, "0")}`;
      dropZero = r() < 0.15; // 11 digits: Excel dropped the zero
    }
    const place = r() < 0.7 ? pick(former) : pick(current);
    let cccd = id ? `0${province ? place.born : "82"}${id}`.slice(dropZero ? 1 : 0) : "";
    const district = writeUnit(place.district, r);
    let commune = writeUnit(place.commune, r);
    const area = r() < 0.8 ? String(500 + Math.floor(r() * 20_000)) : "";
    const hamlet = pick(HAMLETS);
    const products = pick(PRODUCTS);
    // About 1 % bad rows: a short phone, an unknown commune, an ID of the wrong length.
    const bad = r();
    if (bad < 0.004) phone = phone.slice(0, 6);
    else if (bad < 0.007) commune = "Xã Không Tồn Tại";
    else if (bad < 0.01) cccd = "12345";
    const rest = [commune, hamlet, products, area, "Có"];
    const row = province
      ? [name, phone, cccd, r() < 0.15 ? stripDiacritics(place.province) : place.province, district, ...rest]
      : [name, phone, cccd, district, ...rest];
    previous = row;
    yield row;
  }
}

/**
 * Writes `count` rows as an officer's CSV (BOM and a title row, as Excel and officers write them):
 * the default seed is bench:import's; `extraCell` appends one more column (its header ends `header`).
 */
export async function writeHouseholdCsv(
  file: string,
  count: number,
  options: {
    header?: string[];
    seed?: number;
    province?: { code: string; name: string };
    firstSerial?: number;
    extraCell?: (row: string[]) => string | number;
  } = {},
): Promise<void> {
  const header = options.header ?? (options.province ? NATIONAL_HEADER : BENCH_HEADER);
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once("drain", () => res())));
  await write(`\uFEFFDANH SÁCH HỘ NÔNG DÂN ĐĂNG KÝ BÁN HÀNG TRỰC TUYẾN\n${header.join(",")}\n`);
  let n = 0;
  let buffer = "";
  for (const row of householdRows(count, options.seed ?? 20_260_305, options.province, options.firstSerial)) {
    n++;
    buffer += `${n},${row.map(csvCell).join(",")}${options.extraCell ? `,${options.extraCell(row)}` : ""}\n`;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(buffer);
  await new Promise<void>((res) => out.end(() => res()));
}
