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
    expect(text).toBe("Phường 5 (Thành phố Mỹ Tho, trước 2025) → nay là Phường Đạo Thạnh, Tỉnh Đồng Tháp");
    const chain = describeResolution(t, resolveAddress(db, { commune: "Phường 1", district: "TX Gò Công" }));
    expect(chain).toBe("Phường 1 (Thị xã Gò Công, trước 2025) → nay là Phường Gò Công, Tỉnh Đồng Tháp");
  });

  it("lists the candidates of an ambiguous address, in English too", () => {
    const result = resolveAddress(db, { commune: "Xã Thạnh Phú" });
    const vi = describeResolution(i18n.getFixedT("vi", "addresses"), result);
    expect(vi).toContain("Xã Thạnh Phú, Huyện Châu Thành, Tỉnh Tiền Giang → nay là Xã Long Hưng");
    expect(vi).toContain("Xã Thạnh Phú, Tỉnh Đồng Tháp (hiện nay)");
    const en = describeResolution(i18n.getFixedT("en", "addresses"), result);
    expect(en).toMatch(/^This address fits several administrative units/);
    expect(en).toContain("→ now Xã Long Hưng");
  });

  it("says merged, never dissolved, for a unit merged in 2024", () => {
    const result = resolveAddress(db, { commune: "Phường 7", district: "TP Mỹ Tho" });
    const vi = describeResolution(i18n.getFixedT("vi", "addresses"), result);
    expect(vi).toContain("Phường 7");
    expect(vi).toContain("đã sáp nhập");
    expect(vi).not.toContain("giải thể");
    const en = describeResolution(i18n.getFixedT("en", "addresses"), result);
    expect(en).toContain("merged");
    expect(en).not.toContain("dissolved");
  });

  it("explains a split and a commune outside the given district", () => {
    const t = i18n.getFixedT("vi", "addresses");
    const split = describeResolution(t, resolveAddress(db, { province: "Hà Nội", commune: "Phường Cống Vị" }));
    expect(split).toBe("Phường Cống Vị đã được chia cho nhiều xã, phường mới. Hãy chọn một: Phường Ngọc Hà, Thành phố Hà Nội (hiện nay); Phường Giảng Võ, Thành phố Hà Nội (hiện nay)");
    const outside = describeResolution(t, resolveAddress(db, { commune: "Xã Hòa Hưng", district: "Huyện Cai Lậy" }));
    expect(outside).toBe(
      "Quận, huyện đã ghi không có xã, phường này. Có thể là: Xã Hòa Hưng, Huyện Cái Bè, Tỉnh Tiền Giang → nay là Xã An Hữu",
    );
  });
});
