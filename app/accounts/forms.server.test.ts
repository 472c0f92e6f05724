import { describe, expect, it } from "vitest";
import { formatMoney } from "~/i18n/format";
import { AppError } from "~/lib/errors";
import { errorText } from "./forms.server";

const request = (language: string) => new Request("http://localhost/", { headers: { "Accept-Language": language } });

describe("errorText: the one path from a module's error to words", () => {
  it("translates an AppError's key with its values in the request's language, keeping status and field", async () => {
    const error = new AppError("accounts:errors.nameTooLong", 400, { max: 80 }, "name");
    const vi = await errorText(request("vi"), error);
    const en = await errorText(request("en"), error);
    expect(vi).toMatchObject({ status: 400, field: "name", key: "accounts:errors.nameTooLong" });
    expect(vi.message).toContain("80");
    expect(en.message).toContain("80");
    expect(vi.message).not.toBe(en.message);
    expect(vi.message).not.toContain("accounts:");
  });

  it("formats …Vnd values as money in the request's language", async () => {
    const error = new AppError("orders:refunds.errors.moreThanPaid", 409, { refundableVnd: 1_250_000 });
    expect((await errorText(request("vi"), error)).message).toContain(formatMoney(1_250_000, "vi"));
    expect((await errorText(request("en"), error)).message).toContain(formatMoney(1_250_000, "en"));
  });

  it("rethrows anything that is not an AppError, for the error boundary and the log", async () => {
    const bug = new TypeError("x is undefined");
    await expect(errorText(request("vi"), bug)).rejects.toBe(bug);
  });
});
