/**
 * Wording of row problems for the preview and the error report (Vietnamese or English). Safe in the
 * browser. Until the "imports" namespace is declared in app/i18n, translators are typed loosely.
 */
import type { TFunction } from "i18next";
import { describeResolution } from "~/addresses/describe";
import type { RowError } from "./types";

/** A translator bound to the "imports" namespace (keys without the "imports:" prefix work too). */
export type ImportsT = (key: string, options?: Record<string, unknown>) => string;

/** One problem as a sentence: the address ones name the candidates the lookup found. */
export function rowErrorMessage(t: ImportsT, tAddresses: TFunction<"addresses">, error: RowError): string {
  const key = error.key.replace(/^imports:/, "");
  const params: Record<string, unknown> = { ...error.params, field: t(`fields.${error.field}`) };
  if (error.resolution) params.detail = describeResolution(tAddresses, error.resolution);
  return t(key, params);
}

/** All problems of a row in one cell of the error report. */
export function rowErrorsMessage(t: ImportsT, tAddresses: TFunction<"addresses">, errors: readonly RowError[]): string {
  return errors.map((e) => rowErrorMessage(t, tAddresses, e)).join(" ");
}
