import { describe, expect, it } from "vitest";
import { areaUnitOf, countKnownHeaders, fieldOf, matchHeaders } from "./headers";

describe("fieldOf", () => {
  it.each([
    ["Họ và tên chủ hộ", "representativeName"],
    ["Ho ten", "representativeName"],
    ["name", "representativeName"],
    ["Chủ hộ", "representativeName"],
    ["HỌ VÀ TÊN", "representativeName"],
    ["Số CCCD", "nationalId"],
    ["CCCD/CMND", "nationalId"],
    ["national_id", "nationalId"],
    ["Số định danh", "nationalId"],
    ["Số điện thoại", "phone"],
    ["SĐT", "phone"],
    ["Điện thoại", "phone"],
    ["phone", "phone"],
    ["Xã/Phường", "commune"],
    ["Xã", "commune"],
    ["Phường", "commune"],
    ["Mã xã", "communeCode"],
    ["Huyện", "district"],
    ["Quận/Huyện", "district"],
    ["Tỉnh", "province"],
    ["Ấp", "hamlet"],
    ["Ấp/Khóm", "hamlet"],
    ["Địa chỉ", "addressLine"],
    ["Sản phẩm chính", "mainProducts"],
    ["San pham chinh", "mainProducts"],
    ["Diện tích (m2)", "farmAreaM2"],
    ["Diện tích (ha)", "farmAreaM2"],
    ["Loại hình", "kind"],
    ["Đồng ý", "consent"],
    ["consent", "consent"],
    ["Tên gian hàng", "displayName"],
    ["E-mail", "email"],
    ["Họ và tên chủ hộ".normalize("NFD"), "representativeName"],
  ])("%s → %s", (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it("knows nothing of other words", () => {
    expect(fieldOf("Ngày sinh")).toBeNull();
    expect(fieldOf("DANH SÁCH HỘ NÔNG DÂN XÃ AN HỮU")).toBeNull();
    expect(fieldOf("")).toBeNull();
  });
});

describe("areaUnitOf", () => {
  it("reads the unit in brackets or after the word, m² when none", () => {
    expect(areaUnitOf("Diện tích (m2)")).toBe(1);
    expect(areaUnitOf("Diện tích (m²)")).toBe(1);
    expect(areaUnitOf("Diện tích (ha)")).toBe(10_000);
    expect(areaUnitOf("Dien tich (cong)")).toBe(1_000);
    expect(areaUnitOf("Diện tích - công")).toBe(1_000);
    expect(areaUnitOf("Diện tích")).toBeNull();
  });
});

describe("matchHeaders", () => {
  it("maps columns, lists unknown headers, ignores row counters, and needs name, phone and commune", () => {
    const match = matchHeaders(["STT", "Họ tên", "Ngày sinh", "SĐT", "Diện tích (ha)", "Số điện thoại", ""]);
    expect(match.columns).toEqual(new Map([["representativeName", 1], ["phone", 3], ["farmAreaM2", 4]]));
    expect(match.unknown).toEqual(["Ngày sinh"]);
    expect(match.missing).toEqual(["commune"]);
    expect(match.areaUnitM2).toBe(10_000);
  });

  it("accepts a commune code in place of the commune name", () => {
    expect(matchHeaders(["name", "phone", "commune_code"]).missing).toEqual([]);
  });

  it("counts distinct known headers (a title row has fewer than two)", () => {
    expect(countKnownHeaders(["DANH SÁCH HỘ NÔNG DÂN XÃ AN HỮU", "", ""])).toBe(0);
    expect(countKnownHeaders(["Họ tên", "SĐT"])).toBe(2);
    expect(countKnownHeaders(["SĐT", "Điện thoại"])).toBe(1);
  });
});
