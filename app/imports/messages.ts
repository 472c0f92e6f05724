/**
 * Wording of row problems for the preview and the error report (Vietnamese or English). Safe in the
 * browser. Until the "imports" namespace is declared in app/i18n, translators are typed loosely.
 */
import type { TFunction } from "i18next";
import { describeResolution } from "~/addresses/describe";
import type { Resolution } from "~/addresses/types";
import type { RowProblem } from "./processor";

/** A translator bound to the "imports" namespace (keys without the "imports:" prefix work too). */
export type ImportsT = (key: string, options?: Record<string, unknown>) => string;

/**
 * The label of a problem's column: listings problems ("imports:listings.…") name their own fields
 * (listings.fields.*), household problems the household fields (fields.*).
 */
function fieldLabel(t: ImportsT, problem: RowProblem): string {
  const prefix = problem.key.startsWith("imports:listings.") ? "listings.fields" : "fields";
  return t(`${prefix}.${problem.field}`, { defaultValue: problem.field });
}

/** One problem as a sentence: the address ones name the candidates the lookup found. */
export function rowErrorMessage(t: ImportsT, tAddresses: TFunction<"addresses">, error: RowProblem): string {
  const key = error.key.replace(/^imports:/, "");
  const params: Record<string, unknown> = { ...error.params, field: fieldLabel(t, error) };
  if (error.resolution) params.detail = describeResolution(tAddresses, error.resolution as Resolution);
  return t(key, params);
}

/** All problems of a row in one cell of the error report. */
export function rowErrorsMessage(t: ImportsT, tAddresses: TFunction<"addresses">, errors: readonly RowProblem[]): string {
  // Each problem ends as a sentence, so one worded from the address lookup's list does not run into the next.
  return errors
    .map((e) => rowErrorMessage(t, tAddresses, e).trim())
    .map((text) => (/[.!?…)]$/.test(text) ? text : `${text}.`))
    .join(" ");
}

/** A file-level failure (unreadable, no header, missing columns) as a sentence; column names in the reader's language. */
export function fileErrorMessage(t: ImportsT, error: { key: string; params: Record<string, string | number> }): string {
  const params: Record<string, unknown> = { ...error.params };
  const namesFields = error.key === "imports:errors.missingColumns" || error.key === "imports:errors.duplicateMapping";
  if (namesFields && typeof error.params.columns === "string") {
    const labels = error.params.columns.split(",").filter(Boolean);
    params.columns = labels
      .map((f) => t(`fields.${f}`, { defaultValue: t(`listings.fields.${f}`, { defaultValue: f }) }))
      .join(", ");
  }
  const sentence = t(error.key.replace(/^imports:/, ""), params);
  // The headers read (batches failed before they were recorded have none: the sentence stands alone).
  if (error.key === "imports:errors.missingColumns" && typeof error.params.headers === "string" && error.params.headers) {
    return `${sentence} ${t("errors.headersRead", { headers: error.params.headers })}`;
  }
  return sentence;
}
