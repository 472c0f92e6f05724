import { describe, expect, it } from "vitest";
import { dashboardSearch, parseDashboardQuery } from "./query";

const parse = (search: string) => parseDashboardQuery(new URLSearchParams(search));

describe("parseDashboardQuery", () => {
  it("defaults to communes, months and every household", () => {
    expect(parse("")).toEqual({
      groupBy: "commune",
      period: "month",
      fromDay: "",
      toDay: "",
      from: null,
      to: null,
      year: Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)),
      dateError: null,
    });
  });

  it("reads the targets' year, this year in Vietnam by default", () => {
    // 20:00 UTC on 31 December is already the new year in Vietnam.
    expect(parseDashboardQuery(new URLSearchParams(""), new Date("2026-12-31T20:00:00Z")).year).toBe(2027);
    expect(parse("nam=2025").year).toBe(2025);
    expect(parseDashboardQuery(new URLSearchParams("nam=1999"), new Date("2026-06-01T00:00:00Z")).year).toBe(2026);
    expect(dashboardSearch({ ...parse("nam=2025") })).toBe("?nam=2025");
  });

  it("reads Vietnam calendar days: from midnight, up to the end of the last day", () => {
    const q = parse("theo=huyen-cu&ky=tuan&tu=2026-01-01&den=2026-01-31");
    expect(q.groupBy).toBe("formerDistrict");
    expect(q.period).toBe("week");
    expect(q.from?.toISOString()).toBe("2025-12-31T17:00:00.000Z");
    expect(q.to?.toISOString()).toBe("2026-01-31T17:00:00.000Z");
  });

  it("ignores days that do not exist and reversed ranges, saying why", () => {
    expect(parse("tu=2026-02-30")).toMatchObject({ from: null, fromDay: "", dateError: "dashboard:filters.badDate" });
    expect(parse("den=31/01/2026")).toMatchObject({ to: null, dateError: "dashboard:filters.badDate" });
    expect(parse("tu=2026-02-01&den=2026-01-01")).toMatchObject({ from: null, to: null, dateError: "dashboard:filters.badRange" });
    expect(parse("tu=2026-02-01&den=2026-02-01").dateError).toBeNull();
  });

  it("falls back to the defaults for unknown toggles", () => {
    expect(parse("theo=tinh&ky=nam")).toMatchObject({ groupBy: "commune", period: "month" });
  });

  it("writes links without the defaults", () => {
    expect(dashboardSearch(parse(""))).toBe("");
    expect(dashboardSearch(parse("theo=huyen-cu&ky=tuan&tu=2026-01-01"))).toBe("?theo=huyen-cu&ky=tuan&tu=2026-01-01");
  });
});
