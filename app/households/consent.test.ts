import { describe, expect, it } from "vitest";
import { consentSourceParts } from "./consent";

describe("consentSourceParts", () => {
  it("reads the import's consent sources", () => {
    expect(consentSourceParts("import:12:column")).toEqual({ key: "consentSources.importColumn", batch: 12 });
    expect(consentSourceParts("import:3:batch")).toEqual({ key: "consentSources.importBatch", batch: 3 });
  });
  it("keeps words an officer's form stored as they are", () => {
    expect(consentSourceParts("Phiếu đồng ý trên giấy — Phiếu số 12")).toEqual({ text: "Phiếu đồng ý trên giấy — Phiếu số 12" });
    expect(consentSourceParts(null)).toEqual({ text: "" });
  });
});
