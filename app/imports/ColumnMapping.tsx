/**
 * The mapping step of the upload page: every column of the file, what it feeds, sample values, and a
 * <select> per column to change it. A plain form POST (intent "map"): works without JavaScript. On a
 * narrow screen the table is stacked as one card per column (imports.css).
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/ui/SubmitButton";
import type { MappedColumn, FieldSpec } from "./mapping";

export interface ColumnMappingProps {
  mapping: {
    columns: Array<MappedColumn & { samples: string[] }>;
    fields: readonly FieldSpec[];
    keepsExtras: boolean;
    extras: string[];
    rememberedAt: string | null;
    problem: string | null;
  };
}

export function ColumnMapping({ mapping }: ColumnMappingProps) {
  const { t } = useTranslation("imports");
  // Field labels are keys carried as data (FieldSpec.labelKey, e.g. "imports:fields.phone").
  const label = (key: string) => (t as unknown as (k: string) => string)(key);
  const targetLabel = (target: string) => {
    if (target === "ignore") return t("mapping.ignore");
    if (target === "extra") return t("mapping.extra");
    const field = mapping.fields.find((f) => f.name === target);
    return field ? label(field.labelKey) : target;
  };
  return (
    <section aria-labelledby="column-mapping" className="column-mapping">
      <h2 id="column-mapping">{t("mapping.title")}</h2>
      {mapping.problem ? (
        <div className="alert alert-error" role="alert">
          <p>{mapping.problem}</p>
          <p>{t("mapping.fixHint")}</p>
        </div>
      ) : null}
      {mapping.rememberedAt ? <p className="field-hint">{t("mapping.remembered", { date: mapping.rememberedAt })}</p> : null}
      <p className="muted">{t("mapping.intro")}</p>
      {mapping.extras.length > 0 ? (
        <p>{t("mapping.extrasKept", { count: mapping.extras.length, headers: mapping.extras.map((h) => `“${h}”`).join(", ") })}</p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="map" />
        <table className="mapping-table">
          <thead>
            <tr>
              <th scope="col">{t("mapping.header")}</th>
              <th scope="col">{t("mapping.samples")}</th>
              <th scope="col">{t("mapping.target")}</th>
            </tr>
          </thead>
          <tbody>
            {mapping.columns.map((column) => (
              <tr key={column.index}>
                <th scope="row" data-label={t("mapping.header")}>
                  {column.header}
                </th>
                <td data-label={t("mapping.samples")}>
                  {column.samples.length ? column.samples.join(" · ") : <span className="muted">{t("mapping.noSamples")}</span>}
                </td>
                <td data-label={t("mapping.target")}>
                  <select id={`col-${column.index}`} name={`col-${column.index}`} defaultValue={column.target} aria-label={t("mapping.selectLabel", { header: column.header })}>
                    {mapping.fields.map((field) => (
                      <option key={field.name} value={field.name}>
                        {label(field.labelKey)}
                        {field.required ? ` (${t("mapping.required")})` : ""}
                      </option>
                    ))}
                    {mapping.keepsExtras ? <option value="extra">{t("mapping.extra")}</option> : null}
                    <option value="ignore">{t("mapping.ignore")}</option>
                  </select>
                  <div className="field-hint">
                    {column.how === "chosen" ? t("mapping.chosen") : t("mapping.auto", { target: targetLabel(column.target) })}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="button-row">
          <SubmitButton className="button button-secondary" intent="map" pendingLabel={t("mapping.applying")}>
            {t("mapping.apply")}
          </SubmitButton>
        </p>
      </Form>
    </section>
  );
}
