import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, daysBetween, isCalendarDay, now, startOfDayInVietnam, todayInVietnam } from "./clock";

afterEach(() => {
  vi.useRealTimers();
});

describe("todayInVietnam", () => {
  it("is Vietnam's calendar day, seven hours ahead of UTC", () => {
    expect(todayInVietnam(new Date("2026-12-01T16:59:59.999Z"))).toBe("2026-12-01");
    expect(todayInVietnam(new Date("2026-12-01T17:00:00Z"))).toBe("2026-12-02");
    expect(todayInVietnam(new Date("2026-02-28T18:00:00Z"))).toBe("2026-03-01");
    expect(todayInVietnam(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01");
  });

  it("reads the one clock when no instant is given", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T20:00:00Z") });
    expect(now().toISOString()).toBe("2026-12-01T20:00:00.000Z");
    expect(todayInVietnam()).toBe("2026-12-02");
  });
});

describe("startOfDayInVietnam", () => {
  it("is midnight in Vietnam, 17:00 UTC the day before; plusDays gives an exclusive end", () => {
    expect(startOfDayInVietnam("2026-12-02").toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(startOfDayInVietnam("2026-12-31", 1).toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(todayInVietnam(startOfDayInVietnam("2024-02-29"))).toBe("2024-02-29");
  });

  it("is an Invalid Date for what is not a yyyy-mm-dd day", () => {
    expect(Number.isNaN(startOfDayInVietnam("02/12/2026").getTime())).toBe(true);
    expect(Number.isNaN(startOfDayInVietnam("").getTime())).toBe(true);
  });
});

describe("isCalendarDay", () => {
  it("accepts real days only", () => {
    expect(isCalendarDay("2024-02-29")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("2026-13-01")).toBe(false);
    expect(isCalendarDay("2026-1-05")).toBe(false);
    expect(isCalendarDay(" 2026-01-05")).toBe(false);
  });
});

describe("day arithmetic", () => {
  it("crosses months, years and leap days", () => {
    expect(addDays("2026-03-03", -7)).toBe("2026-02-24");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-01-05", -30)).toBe("2025-12-06");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-02-24", "2026-03-03")).toBe(7);
    expect(daysBetween("2026-03-03", "2026-02-24")).toBe(-7);
  });
});
