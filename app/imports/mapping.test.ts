import { describe, expect, it } from "vitest";
import { matchHeaders } from "./headers";
import { matchListingHeaders } from "./listings-headers";
import { householdsProcessor } from "./households-import.server";
import { headerCheckError } from "./processor";

const SHEET = ["STT", "Tên người đứng tên", "SĐT", "Địa bàn", "Xã/Phường", "Năm sinh", "Ghi chú", "Lý do"];

describe("matchHeaders with the officer's overrides", () => {
  it("classifies every column: matched automatically, extra attribute, or ignored by itself", () => {
    const match = matchHeaders(SHEET);
    expect(match.mapping).toEqual([
      { index: 0, header: "STT", target: "ignore", how: "auto" },
      { index: 1, header: "Tên người đứng tên", target: "extra", how: "auto" },
      { index: 2, header: "SĐT", target: "phone", how: "auto" },
      { index: 3, header: "Địa bàn", target: "extra", how: "auto" },
      { index: 4, header: "Xã/Phường", target: "commune", how: "auto" },
      { index: 5, header: "Năm sinh", target: "extra", how: "auto" },
      { index: 6, header: "Ghi chú", target: "ignore", how: "auto" },
      // the error report's own column, uploaded again, stays ignored
      { index: 7, header: "Lý do", target: "ignore", how: "auto" },
    ]);
    expect(match.extras).toEqual([
      { index: 1, header: "Tên người đứng tên" },
      { index: 3, header: "Địa bàn" },
      { index: 5, header: "Năm sinh" },
    ]);
    expect(match.missing).toEqual(["representativeName"]);
  });

  it("lets a chosen field win over the automatic match, and an ignored column is not kept", () => {
    const match = matchHeaders(SHEET, { "Tên người đứng tên": "representativeName", "Năm sinh": "ignore", "Địa bàn": "commune" });
    expect(match.missing).toEqual([]);
    expect(match.columns.get("representativeName")).toBe(1);
    // "Địa bàn" chosen as the commune: the automatic "Xã/Phường" gives way and is kept as an extra attribute
    expect(match.columns.get("commune")).toBe(3);
    expect(match.mapping.find((c) => c.index === 3)).toEqual({ index: 3, header: "Địa bàn", target: "commune", how: "chosen" });
    expect(match.mapping.find((c) => c.index === 4)).toMatchObject({ target: "extra", how: "auto" });
    expect(match.mapping.find((c) => c.index === 5)).toEqual({ index: 5, header: "Năm sinh", target: "ignore", how: "chosen" });
    expect(match.extras.map((e) => e.header)).toEqual(["Xã/Phường"]);
  });

  it("finds a choice written without marks, and keeps a chosen column as an extra attribute", () => {
    const match = matchHeaders(SHEET, { "ten nguoi dung ten": "representativeName", "Ghi chú": "extra" });
    expect(match.columns.get("representativeName")).toBe(1);
    expect(match.extras.map((e) => e.header)).toContain("Ghi chú");
  });

  it("refuses two columns chosen for one field, naming both", () => {
    const match = matchHeaders(SHEET, { "Tên người đứng tên": "representativeName", "Địa bàn": "representativeName" });
    expect(match.duplicate).toEqual({ field: "representativeName", headers: ["Tên người đứng tên", "Địa bàn"] });
    const check = householdsProcessor.matchHeaders(SHEET, { "Tên người đứng tên": "representativeName", "Địa bàn": "representativeName" });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const error = headerCheckError(check, SHEET);
    expect(error.messageKey).toBe("imports:errors.duplicateMapping");
    expect(error.params).toEqual({ columns: "representativeName", headers: "“Tên người đứng tên”, “Địa bàn”" });
  });

  it("reads the area unit of the column chosen for the area", () => {
    expect(matchHeaders(["Họ tên", "SĐT", "Xã", "Đất vườn (ha)"], { "Đất vườn (ha)": "farmAreaM2" }).areaUnitM2).toBe(10_000);
  });

  it("keeps no extra attribute on a product sheet: unknown columns are ignored there", () => {
    const match = matchListingHeaders(["SĐT", "Hàng", "Danh mục", "ĐVT", "Giá", "Năm sinh"], { Hàng: "title" });
    expect(match.missing).toEqual([]);
    expect(match.columns.get("title")).toBe(1);
    expect(match.mapping.find((c) => c.header === "Năm sinh")).toMatchObject({ target: "ignore", how: "auto" });
    // "extra" is no choice on a product sheet: the automatic match stands
    expect(matchListingHeaders(["SĐT", "Tên sản phẩm"], { "Tên sản phẩm": "extra" }).columns.get("title")).toBe(1);
  });
});
