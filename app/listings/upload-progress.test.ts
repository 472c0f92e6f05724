import { describe, expect, it } from "vitest";
import { answerErrors, fillText, rowBusy, rowText, uploadUrl, type UploadTexts } from "./upload-progress";

const texts: UploadTexts = {
  shrinking: "Đang thu nhỏ {name}…",
  uploading: "Đang tải {name}: {percent}%",
  retrying: "Mạng yếu, đang thử lại {name}…",
  done: "✓ {name}",
  error: "{name}: {message}",
  progress: "Tiến độ tải {name}",
  retry: "Thử lại",
  uploadFailed: "Không tải được ảnh lên sau nhiều lần thử.",
};

describe("the photo island's progress lines", () => {
  it("fills the page's texts with the photo's name, percent and message", () => {
    expect(rowText(texts, { name: "IMG_4000.jpg", state: "uploading", fraction: 0.426 })).toBe("Đang tải IMG_4000.jpg: 43%");
    expect(rowText(texts, { name: "a.jpg", state: "error", fraction: 0, message: "Tệp trống." })).toBe("a.jpg: Tệp trống.");
    expect(rowText(texts, { name: "a.jpg", state: "done", fraction: 1 })).toBe("✓ a.jpg");
  });

  it("leaves a placeholder it does not know, and does not read placeholders inside a filled value", () => {
    expect(fillText("{name} {other}", { name: "{percent}.jpg", percent: 5 })).toBe("{percent}.jpg {other}");
  });

  it("shows a bar only while the photo is on its way", () => {
    expect(["shrinking", "uploading", "retrying", "done", "error"].filter((s) => rowBusy(s as never))).toEqual(["shrinking", "uploading", "retrying"]);
  });
});

describe("the server's answer to one photo", () => {
  it("reads its errors, and takes anything else as accepted", () => {
    expect(answerErrors(JSON.stringify({ intent: "upload", uploaded: 0, errors: ["Ảnh lớn hơn 15 MB."] }))).toEqual(["Ảnh lớn hơn 15 MB."]);
    expect(answerErrors(JSON.stringify({ intent: "upload", uploaded: 1, errors: [] }))).toEqual([]);
    expect(answerErrors("")).toEqual([]);
  });

  it("is asked of the page's own address, keeping its query", () => {
    expect(uploadUrl("/ban-hang/san-pham/12", "?ho=3", "routes/ban-hang.san-pham.$id")).toBe(
      "/ban-hang/san-pham/12?ho=3&_data=routes%2Fban-hang.san-pham.%24id",
    );
  });
});
