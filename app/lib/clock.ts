/**
 * The one clock: the current instant, what day it is in Vietnam, and calendar arithmetic on
 * yyyy-mm-dd days. Safe in the browser. Showing dates and times to people is app/i18n/format.ts's job.
 *
 * Vietnam (Asia/Ho_Chi_Minh) has kept UTC+7 without daylight saving since 1975, so a fixed offset is
 * exact for every date the app stores, and cheaper than a time-zone formatter.
 */

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The current instant: the default of every "now" and "today" in the app. */
export function now(): Date {
  return new Date();
}

/** The calendar day in Vietnam at an instant, yyyy-mm-dd: 2026-12-01T20:00Z is already "2026-12-02". */
export function todayInVietnam(at: Date = now()): string {
  return new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a yyyy-mm-dd text naming a real calendar day ("2026-02-30" is not one). */
export function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(y, mo - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d;
}

/**
 * The instant a day begins in Vietnam (00:00 UTC+7), `plusDays` later: the start of a date filter, or
 * with plusDays 1 its exclusive end. An Invalid Date for text that is not a yyyy-mm-dd day (check
 * isCalendarDay first when the day comes from a user).
 */
export function startOfDayInVietnam(day: string, plusDays = 0): Date {
  const m = DAY.exec(day);
  if (!m) return new Date(Number.NaN);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays) - VIETNAM_UTC_OFFSET_MS);
}

/** "2026-05-10" minus 7 days → "2026-05-03" (calendar arithmetic, no time-zone drift). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one yyyy-mm-dd day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
