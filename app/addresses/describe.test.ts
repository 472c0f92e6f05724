import fs from "node:fs";
import path from "node:path";
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { describeResolution } from "./describe";
import { resolveAddress } from "./resolve.server";

const load = (locale: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../public/locales/${locale}/addresses.json`), "utf8"));

let db: ReturnType<typeof freshTestDb>;
const i18n = i18next.createInstance();
beforeAll(async () => {
  db = freshTestDb({ adminUnits: true });
  await i18n.init({
    lng: "vi",
    resources: { vi: { addresses: load("vi") }, en: { addresses: load("en") } },
    interpolation: { escapeValue: false },
  });
});
afterAll(() => db.cleanup());

describe("describeResolution", () => {
  it("names the former unit and the current commune", () => {
    const t = i18n.getFixedT("vi", "addresses");
    const text = describeResolution(t, resolveAddress(db, { commune: "Phường 5", district: "TP Mỹ Tho" }));
    expect(text).toBe("Phường 5 (cũ) nay thuộc Phường Đạo Thạnh, Tỉnh Đồng Tháp");
  });

  it("lists the candidates of an ambiguous address, in English too", () => {
    const result = resolveAddress(db, { commune: "Phường 1", district: "TP Gò Công" });
    const vi = describeResolution(i18n.getFixedT("vi", "addresses"), result);
    expect(vi).toContain("Phường 1, Thị xã Gò Công, Tỉnh Tiền Giang (đã giải thể)");
    expect(vi).toContain("Phường 1, Thành phố Gò Công, Tỉnh Tiền Giang → nay là Phường Gò Công");
    const en = describeResolution(i18n.getFixedT("en", "addresses"), result);
    expect(en).toMatch(/^This address fits several administrative units/);
    expect(en).toContain("→ now Phường Gò Công");
  });

  it("explains a split and a commune outside the given district", () => {
    const t = i18n.getFixedT("vi", "addresses");
    const split = describeResolution(t, resolveAddress(db, { province: "Hà Nội", commune: "Phường Cống Vị" }));
    expect(split).toBe("Phường Cống Vị đã được chia cho nhiều xã, phường mới. Hãy chọn một: Phường Ngọc Hà; Phường Giảng Võ");
    const outside = describeResolution(t, resolveAddress(db, { commune: "Xã Hòa Hưng", district: "Huyện Cai Lậy" }));
    expect(outside).toBe(
      "Quận, huyện đã ghi không có xã, phường này. Có thể là: Xã Hòa Hưng, Huyện Cái Bè, Tỉnh Tiền Giang → nay là Xã An Hữu",
    );
  });
});
