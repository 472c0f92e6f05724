import fs from "node:fs";
import path from "node:path";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { fileErrorMessage, type ImportsT } from "./messages";
import { missingColumnsError } from "./processor";

async function importsT(lng: string): Promise<ImportsT> {
  const load = (locale: string) =>
    JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../public/locales/${locale}/imports.json`), "utf8"));
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { vi: { imports: load("vi") }, en: { imports: load("en") } }, interpolation: { escapeValue: false } });
  const fixed = (i18n.getFixedT.bind(i18n) as (lng: string, ns: string) => (key: string, options?: object) => string)(lng, "imports");
  return (key, options) => fixed(key, options);
}

describe("fileErrorMessage for missing columns (what the upload page and the command line print)", () => {
  const error = missingColumnsError(["commune"], ["STT", " Họ và tên ", "SĐT", "", "Xã/Huyện"]);
  const fileError = { key: error.messageKey, params: error.params as Record<string, string | number> };

  it("names the missing column and lists the headers read, in both languages", async () => {
    expect(fileErrorMessage(await importsT("vi"), fileError)).toBe(
      "Tệp thiếu cột bắt buộc: Xã/Phường. Tiêu đề đã đọc trong tệp: “STT”, “Họ và tên”, “SĐT”, “Xã/Huyện”.",
    );
    expect(fileErrorMessage(await importsT("en"), fileError)).toBe(
      "The file lacks required columns: Commune. Headers read from the file: “STT”, “Họ và tên”, “SĐT”, “Xã/Huyện”.",
    );
  });

  it("still words a batch recorded before the headers were kept", async () => {
    const old = { key: "imports:errors.missingColumns", params: { columns: "phone" } };
    expect(fileErrorMessage(await importsT("en"), old)).toBe("The file lacks required columns: Phone.");
  });
});
