/**
 * The dashboard's GET parameters (Vietnamese, like the paths): ?theo=xa|huyen-cu&ky=thang|tuan
 * &tu=yyyy-mm-dd&den=yyyy-mm-dd&nam=yyyy. Dates are Vietnam calendar days; `den` is included; `nam` is
 * the targets' year (default: this year in Vietnam). The page and its CSV read the same parameters,
 * so a download always matches what is on screen.
 */
import { isCalendarDay, startOfDayInVietnam, todayInVietnam } from "~/lib/clock";
import type { GroupBy } from "./onboarding.server";
import type { Period } from "./series.server";

export interface DashboardQuery {
  groupBy: GroupBy;
  period: Period;
  /** the days as typed (yyyy-mm-dd), "" when absent or ignored */
  fromDay: string;
  toDay: string;
  /** instants: start of `tu`, start of the day after `den` (exclusive) */
  from: Date | null;
  to: Date | null;
  /** the targets' year */
  year: number;
  /** locale key of a problem with the dates (the filter is then ignored) */
  dateError: "dashboard:filters.badDate" | "dashboard:filters.badRange" | null;
}

const GROUPS: Record<string, GroupBy> = { xa: "commune", "huyen-cu": "formerDistrict" };
const PERIODS: Record<string, Period> = { thang: "month", tuan: "week" };
export const GROUP_PARAM: Record<GroupBy, string> = { commune: "xa", formerDistrict: "huyen-cu" };
export const PERIOD_PARAM: Record<Period, string> = { month: "thang", week: "tuan" };

/** Midnight in Vietnam of a yyyy-mm-dd day (2000–2100), plus `plusDays`; null if the day does not exist. */
function vnMidnight(day: string, plusDays = 0): Date | null {
  if (!isCalendarDay(day) || day < "2000" || day >= "2101") return null;
  return startOfDayInVietnam(day, plusDays);
}

const thisYear = (now?: Date) => Number(todayInVietnam(now).slice(0, 4));

export function parseDashboardQuery(params: URLSearchParams, now?: Date): DashboardQuery {
  const yearText = (params.get("nam") ?? "").trim();
  const year = /^\d{4}$/.test(yearText) && Number(yearText) >= 2020 && Number(yearText) <= 2100 ? Number(yearText) : thisYear(now);
  const groupBy = GROUPS[params.get("theo") ?? ""] ?? "commune";
  const period = PERIODS[params.get("ky") ?? ""] ?? "month";
  const fromText = (params.get("tu") ?? "").trim();
  const toText = (params.get("den") ?? "").trim();
  let from = fromText ? vnMidnight(fromText) : null;
  let to = toText ? vnMidnight(toText, 1) : null;
  let dateError: DashboardQuery["dateError"] = null;
  if ((fromText && !from) || (toText && !to)) dateError = "dashboard:filters.badDate";
  else if (from && to && from >= to) dateError = "dashboard:filters.badRange";
  if (dateError) from = to = null;
  return {
    groupBy,
    period,
    fromDay: from ? fromText : "",
    toDay: to ? toText : "",
    from,
    to,
    year,
    dateError,
  };
}

/** The query string for a view; defaults are left out so links stay short. */
export function dashboardSearch(query: Pick<DashboardQuery, "groupBy" | "period" | "fromDay" | "toDay"> & { year?: number }): string {
  const params = new URLSearchParams();
  if (query.groupBy !== "commune") params.set("theo", GROUP_PARAM[query.groupBy]);
  if (query.period !== "month") params.set("ky", PERIOD_PARAM[query.period]);
  if (query.fromDay) params.set("tu", query.fromDay);
  if (query.toDay) params.set("den", query.toDay);
  if (query.year !== undefined && query.year !== thisYear()) params.set("nam", String(query.year));
  const text = params.toString();
  return text ? `?${text}` : "";
}
