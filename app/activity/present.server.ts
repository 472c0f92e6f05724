/**
 * The activity log's lines as words for the page: the action, and the details each action keeps
 * (changed fields, note, consent, listing status, price and stock), in the reader's language.
 */
import type { Locale } from "~/i18n/config";
import { formatMoney, formatNumber } from "~/i18n/format";
import type { ActivityRow } from "./activity.server";

type Translate = (key: string, options?: Record<string, unknown>) => string;

const LISTING_STATUSES = new Set(["draft", "published", "paused", "sold_out", "archived"]);
const HOUSEHOLD_STATUSES = new Set(["registered", "activated", "verified", "suspended"]);

/** t must know the activity, households, listings and orders namespaces. */
export function describeActivity(row: ActivityRow, t: Translate, locale: Locale): { action: string; details: string[] } {
  const action = t(`activity:actions.${row.action}`, { defaultValue: row.action });
  const d = row.detail ?? {};
  const details: string[] = [];
  if (row.listingId !== null) details.push(t("activity:listing", { title: row.listingTitle ?? d.title ?? `#${row.listingId}` }));
  if (row.batchId !== null) details.push(t("activity:batch", { id: row.batchId }));
  if (typeof d.fields === "string" && d.fields !== "") {
    const names = d.fields.split(",").map((f) => t(`households:fields.${f}`, { defaultValue: f }));
    details.push(t("activity:detail.fields", { fields: names.join(", ") }));
  }
  if (typeof d.status === "string") {
    const label = row.action.startsWith("listing.")
      ? LISTING_STATUSES.has(d.status)
        ? t(`listings:statuses.${d.status}`)
        : d.status
      : HOUSEHOLD_STATUSES.has(d.status)
        ? t(`households:statuses.${d.status}`)
        : d.status;
    details.push(t("activity:detail.status", { status: label }));
  } else if (typeof d.to === "string" && HOUSEHOLD_STATUSES.has(d.to)) {
    details.push(t("activity:detail.status", { status: t(`households:statuses.${d.to}`) }));
  }
  if (row.action === "import.householdChange" && typeof d.field === "string") {
    const field = t(`households:fields.${d.field}`, { defaultValue: d.field });
    details.push(t("activity:detail.change", { field, from: d.from ?? "", to: d.to ?? "", row: d.row ?? "" }));
  }
  if (typeof d.priceVnd === "number" && Number.isInteger(d.priceVnd)) details.push(t("activity:detail.price", { price: formatMoney(d.priceVnd, locale) }));
  if (typeof d.stock === "number") details.push(t("activity:detail.stock", { stock: formatNumber(d.stock, locale) }));
  if (typeof d.consent === "string" && d.consent !== "") details.push(t("activity:detail.consent", { consent: d.consent }));
  if (typeof d.method === "string") details.push(t("activity:detail.method", { method: t(`households:verification.methods.${d.method}`, { defaultValue: d.method }) }));
  if (typeof d.code === "string") {
    const step = typeof d.to === "string" ? t(`orders:status.${d.to}`, { defaultValue: d.to }) : "";
    details.push(t("activity:detail.order", { code: d.code, step }));
  }
  if (typeof d.reviewId === "number") {
    details.push(t("activity:detail.review", { rating: d.rating ?? "", code: d.orderCode ?? "" }));
    if (d.onBehalf === true) details.push(t("activity:detail.onBehalf"));
  }
  if (typeof d.note === "string" && d.note !== "") details.push(t("activity:detail.note", { note: d.note }));
  if (typeof d.fileName === "string") details.push(t("activity:detail.file", { file: d.fileName }));
  if (typeof d.rows === "number") {
    const n = (key: string) => formatNumber(typeof d[key] === "number" ? (d[key] as number) : 0, locale);
    details.push(t("activity:detail.importCounts", { rows: n("rows"), created: n("created"), updated: n("updated"), unchanged: n("unchanged"), rejected: n("rejected") }));
  }
  if (typeof d.bulkActionId === "number") {
    const n = (key: string) => formatNumber(typeof d[key] === "number" ? (d[key] as number) : 0, locale);
    details.push(t("activity:detail.bulk", { done: n("done"), total: n("total"), skipped: n("skipped") }));
  }
  // Details recorded by other actions are shown as they are.
  const known = new Set(["bulkActionId", "done", "total", "skipped", "field", "row", "fields", "status", "to", "from", "priceVnd", "stock", "consent", "note", "title", "fileName", "rows", "created", "updated", "unchanged", "rejected", "method", "code", "reviewId", "orderCode", "rating", "onBehalf"]);
  for (const [key, value] of Object.entries(d)) {
    if (!known.has(key) && value !== null && value !== "") details.push(`${key}: ${String(value)}`);
  }
  return { action, details };
}
