/**
 * Sheets as officers of the merged province make them: 2,000 households with pre-2025 (and some 2024 and
 * current) commune names, four header styles, two of them without a district column, imported by a
 * province-wide officer. The expected commune of every row is worked out here from the official files
 * (db/data/admin-units), independently of the resolver: a row is decided when every unit its words can
 * name, whatever its kind (kinds changed between reforms), ends in one current commune; it is decided by
 * its kind when only the units of the kind written ("Phường …") do. Nothing may land in a wrong commune, a
 * decided row is never refused, a row nothing decides is always refused naming its candidates; a row its
 * kind decides may go either way (the resolver does not trust a written kind against a current commune).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/accounts/access";
import { markedKey } from "~/addresses/names";
import { csvObjects } from "~/lib/csv";
import { freshTestDb } from "../../tests/db";
import { makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { batchForCli, runImport } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";

const DATA = path.resolve(__dirname, "../../db/data/admin-units");
const read = (file: string) => csvObjects(fs.readFileSync(path.join(DATA, file), "utf8"));

interface Unit {
  /** as named in its own snapshot, with its kind: "Xã Long Hưng" (2024) is "Phường Long Hưng" in 2025 */
  name: string;
  /** former district (empty for current communes) */
  district: string;
  /** current commune codes it went into; "?" when no successor is recorded */
  ends: string[];
}

const KIND = /^(xã|phường|thị trấn|đặc khu)\s+/i;
const DISTRICT_KIND = /^(huyện|quận|thị xã|thành phố)\s+/i;
const lower = (s: string) => s.normalize("NFC").toLocaleLowerCase("vi");
/** What a written name can mean without its kind; "Hoà" is "Hòa". */
const nameKey = (s: string) => markedKey(s.replace(KIND, ""));
const kindOf = (s: string) => lower(KIND.exec(s)?.[1] ?? "");
/** how a commune is written: with its kind ("Xã Tân Mỹ Chánh"), or without it unless it is a number */
const bare = (name: string) => {
  const rest = name.replace(KIND, "");
  return /^\d+$/.test(rest) ? name : rest;
};

/** Former units of both old provinces: the 2025-03 list (through the official mapping) and Tiền Giang's 2024 list. */
function formerUnits(): Unit[] {
  const mapping = read("vn_commune_mapping_2025-07-01_old_to_new.csv").filter((r) => r.old_province_code === "82" || r.old_province_code === "87");
  const byCode = new Map<string, Unit>();
  for (const r of mapping) {
    const unit = byCode.get(r.old_code) ?? { name: r.old_name, district: r.old_district_name, ends: [] };
    if (!unit.ends.includes(r.new_code)) unit.ends.push(r.new_code);
    byCode.set(r.old_code, unit);
  }
  // A 2024 unit kept its code into 2025-03 (perhaps under another kind or district), or went by a recorded merger, else "?".
  const mergers = new Map(read("tien_giang_82_2024_mergers.csv").map((r) => [r.from_code, r.to_code]));
  const units = [...byCode.values()];
  for (const r of read("tien_giang_82_2024-02-01_three_tier.csv")) {
    if (r.level !== "3") continue;
    const later = byCode.get(r.code) ?? byCode.get(mergers.get(r.code) ?? "");
    const unit = { name: r.name, district: r.district_name, ends: later ? later.ends : ["?"] };
    if (!units.some((u) => u.name === unit.name && u.district === unit.district)) units.push(unit);
  }
  return units;
}

function currentUnits(): Unit[] {
  return read("vn_admin_units_two_tier_current_2026-04-30.csv")
    .filter((r) => r.level === "2" && r.province_code === "82")
    .map((r) => ({ name: r.full_name, district: "", ends: [r.code] }));
}

/** Small deterministic generator, so a failure names the same rows every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

interface Row {
  phone: string;
  commune: string;
  district: string | null;
  /** the current commune when the words decide even without the kind ("Xã"): it must be imported there */
  decided: string | null;
  /** the current commune when the kind written decides; null: nothing decides, the row must be refused */
  byKind: string | null;
}

const STYLES = [
  { header: ["Họ và tên chủ hộ", "SĐT", "Xã/Phường/TT", "Huyện/TX/TP", "Sản phẩm chính", "Diện tích (công)"], district: true },
  { header: ["STT", "Họ tên", "Điện thoại", "Xã, phường, thị trấn", "Quận, huyện", "Mặt hàng", "DT canh tác (ha)"], district: true },
  { header: ["Tên chủ hộ", "Số ĐT", "Tên xã (phường)", "Sản phẩm", "Diện tích (m²)"], district: false },
  { header: ["HỌ VÀ TÊN", "SDT", "PHƯỜNG - XÃ", "SẢN PHẨM CHÍNH"], district: false },
] as const;

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"];
const GIVEN = ["Văn Hùng", "Thị Lan", "Văn Tâm", "Thị Mai", "Minh Trí", "Thanh Sơn", "Thị Bé", "Văn Út"];
const PRODUCTS = ["Xoài cát Hòa Lộc", "Bưởi da xanh", "Sầu riêng Ri6", "Vú sữa Lò Rèn", "Khóm Tân Lập", "Dừa xiêm"];

function makeRows(): Row[][] {
  const former = formerUnits();
  const current = currentUnits();
  const next = random(2025);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const decide = (units: Unit[]) => {
    const ends = new Set(units.flatMap((u) => u.ends));
    return ends.size === 1 && !ends.has("?") ? [...ends][0] : null;
  };
  const expect = (written: string, candidates: Unit[]) => {
    const loose = candidates.filter((u) => nameKey(u.name) === nameKey(written));
    const kind = kindOf(written);
    return { decided: decide(loose), byKind: decide(kind ? loose.filter((u) => kindOf(u.name) === kind) : loose) };
  };
  let phone = 0;
  return STYLES.map((style) =>
    Array.from({ length: 500 }, (): Row => {
      phone++;
      const tel = `09${"0134678"[phone % 7]}${String(1_000_000 + phone * 7).padStart(7, "0")}`;
      if (next() < 0.15) {
        // a current commune, written as it is named today, without a district
        const unit = pick(current);
        const written = next() < 0.5 ? unit.name : bare(unit.name);
        return { phone: tel, commune: written, district: null, ...expect(written, [...former, ...current]) };
      }
      const unit = pick(former);
      const written = next() < 0.5 ? unit.name : next() < 0.5 ? lower(unit.name) : bare(unit.name);
      if (!style.district) return { phone: tel, commune: written, district: null, ...expect(written, [...former, ...current]) };
      const district = next() < 0.6 ? unit.district : unit.district.replace(DISTRICT_KIND, "");
      const inDistrict = (u: Unit) => [u.district, u.district.replace(DISTRICT_KIND, "")].some((d) => markedKey(d) === markedKey(district));
      return { phone: tel, commune: written, district, ...expect(written, former.filter(inDistrict)) };
    }),
  );
}

function cellsOf(style: (typeof STYLES)[number], row: Row, index: number): string[] {
  const name = `${FAMILY[index % FAMILY.length]} ${GIVEN[(index * 3) % GIVEN.length]}`;
  const product = PRODUCTS[index % PRODUCTS.length];
  const area = index % 2 ? "2,5" : "3";
  return style.header.map((h) => {
    if (/stt/i.test(h)) return String(index + 1);
    if (/tên/i.test(h) && !/xã/i.test(h)) return name;
    if (/đt|điện thoại|sdt/i.test(h)) return row.phone;
    if (/xã|phường/i.test(h)) return row.commune;
    if (/huyện/i.test(h)) return row.district ?? "";
    if (/sản phẩm|mặt hàng/i.test(h)) return product;
    return area;
  });
}

let db: ReturnType<typeof freshTestDb>;
let officer: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  officer = makeActor(db, "officer", [{ kind: "province", code: "82" }]);
});
afterAll(() => db.cleanup());

describe("2,000 households from officers' sheets of the merged province", () => {
  it("puts no household in a wrong commune, refuses every undecided row with its candidates and no decided one", async () => {
    const files = makeRows();
    const wrong: string[] = [];
    const refusedDecidable: string[] = [];
    const guessed: string[] = [];
    const refusedWithoutCandidates: string[] = [];
    const tally = { decided: 0, byKindImported: 0, byKindRefused: 0, undecidable: 0 };
    for (const [s, rows] of files.entries()) {
      const style = STYLES[s];
      const file = writeCsv([[...style.header], ...rows.map((row, i) => cellsOf(style, row, i))], `style-${s}.csv`);
      const { batch } = await batchForCli(db, { kind: "households", actor: officer, filePath: file, fileName: `style-${s}.csv`, batchConsent: true, locale: "vi", dryRun: false });
      const summary = await runImport(db, batch.id);
      expect(summary.fileError).toBeUndefined();
      const refused = new Map(batchRowErrors(db, batch.id).map((e) => [e.rowNumber, e.reasons]));
      const communeOf = db.$client.prepare(`SELECT commune_code AS code FROM households WHERE phone = ?`);
      for (const [i, row] of rows.entries()) {
        const label = `style ${s}, row ${i + 2}: ${row.commune}${row.district ? `, ${row.district}` : ""}`;
        const reasons = refused.get(i + 2);
        const stored = (communeOf.get(`+84${row.phone.slice(1)}`) as { code: string } | undefined)?.code;
        if (reasons) {
          const address = reasons.find((r) => r.field === "commune");
          const candidates = (address?.resolution as { candidates?: unknown[] } | undefined)?.candidates ?? [];
          if (!address || candidates.length < (address.key.endsWith("addressAmbiguous") ? 2 : 1)) refusedWithoutCandidates.push(label);
          if (row.decided) refusedDecidable.push(`${label} → ${reasons.map((r) => r.key).join(", ")}`);
          else if (row.byKind) tally.byKindRefused++;
          else tally.undecidable++;
        } else {
          const expected = row.decided ?? row.byKind;
          if (!expected) guessed.push(`${label} → ${stored}`);
          else if (stored !== expected) wrong.push(`${label} → ${stored} instead of ${expected}`);
          if (row.decided) tally.decided++;
          else tally.byKindImported++;
        }
      }
    }
    expect({ wrong, guessed, refusedDecidable, refusedWithoutCandidates }).toEqual({ wrong: [], guessed: [], refusedDecidable: [], refusedWithoutCandidates: [] });
    // The sheets exercise both sides: most rows decidable, a real share of them not.
    expect(tally.decided).toBeGreaterThan(1_200);
    expect(tally.undecidable).toBeGreaterThan(100);
  }, 120_000);
});
