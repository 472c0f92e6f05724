/**
 * Each area's yearly targets with progress (targets.server.ts): value / target, the percentage and
 * a native <progress> bar, so progress reads as text and as a bar's length, never by colour alone.
 * A GET form picks the year (works without JavaScript).
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import type { TargetProgressRow } from "./targets.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

const FIGURES = [
  { target: "householdsToRegister", value: "registered", label: "targets.register" },
  { target: "householdsToVerify", value: "verified", label: "targets.verify" },
  { target: "productsToList", value: "listed", label: "targets.list" },
] as const;

export function TargetsBlock({
  rows,
  year,
  isAdmin,
  locale,
  hidden,
}: {
  rows: TargetProgressRow[];
  year: number;
  isAdmin: boolean;
  locale: Locale;
  /** the page's other filters, kept when the year changes */
  hidden: Record<string, string>;
}) {
  const { t } = useTranslation("dashboard");
  const n = (v: number) => formatNumber(v, locale, 0);
  return (
    <section aria-labelledby="targets-title" className="targets" data-testid="targets">
      <h2 id="targets-title">{t("targets.title", { year })}</h2>
      <Form method="get" className="dashboard-filters targets-year">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label>
          {t("targets.yearLabel")}
          <input type="number" name="nam" min={2020} max={2100} defaultValue={year} inputMode="numeric" />
        </label>
        <button type="submit" className="button">
          {t("targets.show")}
        </button>
      </Form>
      <p className="muted">
        {t("targets.note", { year })} {isAdmin ? <Link to={`/quan-tri/chi-tieu?nam=${year}`}>{t("targets.manage")}</Link> : t("targets.readOnly")}
      </p>
      {rows.length === 0 ? (
        <p>{t("targets.empty")}</p>
      ) : (
        <ScrollRegion label={t("targets.title", { year })}>
          <table className="dashboard-table targets-table" data-testid="targets-table">
            <thead>
              <tr>
                <th scope="col">{t("targets.area")}</th>
                {FIGURES.map((f) => (
                  <th key={f.target} scope="col">
                    {t(f.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.areaKind}:${row.areaCode}`} data-area={`${row.areaKind}:${row.areaCode}`}>
                  <th scope="row">
                    {row.name}
                    <span className="context">
                      {t(`targets.kinds.${row.areaKind}`)}
                      {row.context ? ` · ${row.context}` : ""}
                    </span>
                  </th>
                  {!row.target || !row.progress ? (
                    <td colSpan={FIGURES.length} className="no-target">
                      {t("targets.noTarget")}
                    </td>
                  ) : (
                    FIGURES.map((f) => {
                      const target = row.target![f.target];
                      const value = row.progress![f.value];
                      if (target === null) {
                        return (
                          <td key={f.target} data-figure={f.target} className="muted">
                            {t("targets.notSet")}
                          </td>
                        );
                      }
                      const percent = target > 0 ? (value / target) * 100 : 100;
                      const percentText = `${formatNumber(percent, locale, 1)}%`;
                      return (
                        <td key={f.target} data-figure={f.target}>
                          <span className="target-text">{t("targets.progress", { value: n(value), target: n(target), percent: percentText })}</span>
                          <progress
                            className="target-bar"
                            max={Math.max(target, 1)}
                            value={Math.min(value, Math.max(target, 1))}
                            aria-label={t("targets.progressLabel", { figure: t(f.label), value: n(value), target: n(target) })}
                          />
                        </td>
                      );
                    })
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
