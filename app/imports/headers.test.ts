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

describe("fieldOf reads headers by meaning (issue 12: real sheets joining several unit kinds)", () => {
  it.each([
    ["Xã/Phường/TT", "commune"],
    ["XÃ / PHƯỜNG / TT", "commune"],
    ["Xa/Phuong/TT", "commune"],
    ["Xã, phường, thị trấn", "commune"],
    ["Phường - Xã", "commune"],
    ["Tên xã (phường)", "commune"],
    ["  Tên   Xã  (Phường) ", "commune"],
    ["Xã; Thị trấn; Đặc khu", "commune"],
    ["P./X./TT", "commune"],
    ["Phường/Xã/Đặc khu", "commune"],
    ["Ấp/KP", "hamlet"],
    ["ap/kp", "hamlet"],
    ["Ấp, khu phố, tổ", "hamlet"],
    ["Huyện/TX/TP", "district"],
    ["HUYỆN / THỊ XÃ / THÀNH PHỐ", "district"],
    ["Quận", "district"],
    ["Q./H.", "district"],
    ["Tỉnh/TP", "province"],
    ["Diện tích (công)", "farmAreaM2"],
    ["DT canh tác (ha)", "farmAreaM2"],
    ["dt canh tac (ha)", "farmAreaM2"],
    ["DT (1000m2)", "farmAreaM2"],
    ["Diện tích (m²)", "farmAreaM2"],
    ["Diện tích trồng lúa", "farmAreaM2"],
    ["ĐT", "phone"],
    ["ĐT/DĐ", "phone"],
    ["SĐT/ĐT", "phone"],
    ["ĐT liên lạc", "phone"],
    ["SĐT liên hệ", "phone"],
    ["Điện thoại liên lạc", "phone"],
    ["Số điện thoại di động", "phone"],
    ["Số ĐT chủ hộ", "phone"],
    ["SĐT (chủ hộ)", "phone"],
  ])("%s → %s", (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it("leaves a lone short form alone (TT is a row counter) and a city without its companions undecided", () => {
    expect(fieldOf("TT")).toBeNull();
    expect(fieldOf("TP")).toBeNull();
    expect(fieldOf("Thành phố")).toBeNull();
    expect(fieldOf("Xã/Huyện")).toBeNull();
    // a qualifier alone names no phone
    expect(fieldOf("Liên hệ")).toBeNull();
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
    expect(areaUnitOf("DT canh tác (ha)")).toBe(10_000);
    expect(areaUnitOf("DT (1000m2)")).toBe(1_000);
    expect(areaUnitOf("Diện tích (1.000 m2)")).toBe(1_000);
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

  it("matches a real sheet's joined headers, with the area unit from its header", () => {
    const match = matchHeaders(["STT", "Họ tên", "SĐT", "Ấp/KP", "Xã/Phường/TT", "Huyện/TX/TP", "DT canh tác (ha)"]);
    expect(match.missing).toEqual([]);
    expect(match.columns).toEqual(
      new Map([["representativeName", 1], ["phone", 2], ["hamlet", 3], ["commune", 4], ["district", 5], ["farmAreaM2", 6]]),
    );
    expect(match.unknown).toEqual([]);
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
