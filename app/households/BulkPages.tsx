import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { BULK_CODE_DAYS, BULK_PARAMS, CODE_DELIVERIES, VERIFICATION_METHODS } from "./bulk-options";
import type { OfficerListQuery } from "./schemas";

type SummaryFilters = Pick<OfficerListQuery, "communeCode" | "hamlet" | "stage" | "batchId" | "hasListings" | "hasSales" | "q">;

/** The filters a set was chosen by, in words. */
export function BulkFiltersSummary({ filters, communeName }: { filters: SummaryFilters; communeName: string | null }) {
  const { t } = useTranslation("households");
  const yesNo = (v: boolean) => (v ? t("officer.filters.yes") : t("officer.filters.no"));
  const parts = [
    filters.communeCode ? `${t("officer.filters.commune")}: ${communeName ?? filters.communeCode}` : null,
    filters.hamlet ? `${t("bulk.filters.hamlet")}: ${filters.hamlet}` : null,
    filters.stage ? `${t("officer.filters.stage")}: ${t(`officer.stages.${filters.stage}`)}` : null,
    filters.batchId ? `${t("bulk.filters.batch")}: ${filters.batchId}` : null,
    filters.hasListings !== null ? `${t("officer.filters.hasListings")}: ${yesNo(filters.hasListings)}` : null,
    filters.hasSales !== null ? `${t("officer.filters.hasSales")}: ${yesNo(filters.hasSales)}` : null,
    filters.q ? `${t("officer.filters.search")}: ${filters.q}` : null,
  ].filter(Boolean);
  return <p className="muted">{parts.length ? t("bulk.filtersUsed", { filters: parts.join(" · ") }) : t("bulk.noFilters")}</p>;
}

/** Step 1: which action, with its options; a GET to the same page, which then asks to confirm. */
export function BulkChoiceForm({ hidden }: { hidden: Array<{ name: string; value: string }> }) {
  const { t } = useTranslation("households");
  return (
    <Form method="get" className="form">
      {hidden.map((h) => (
        <input key={h.name} type="hidden" name={h.name} value={h.value} />
      ))}
      <fieldset>
        <legend>{t("bulk.choose")}</legend>
        <label className="choice">
          <input type="radio" name={BULK_PARAMS.kind} value="handOverCodes" required /> {t("bulk.kinds.handOverCodes")}
        </label>
        <p className="field-hint">{t("bulk.kindHints.handOverCodes", { days: BULK_CODE_DAYS })}</p>
        <div className="field">
          <label htmlFor="bulk-delivery">{t("bulk.delivery.label")}</label>
          <select id="bulk-delivery" name={BULK_PARAMS.delivery} defaultValue="print">
            {CODE_DELIVERIES.map((d) => (
              <option key={d} value={d}>
                {t(`bulk.delivery.${d}`)}
              </option>
            ))}
          </select>
        </div>

        <label className="choice">
          <input type="radio" name={BULK_PARAMS.kind} value="verify" /> {t("bulk.kinds.verify")}
        </label>
        <p className="field-hint">{t("bulk.kindHints.verify")}</p>
        <div className="field">
          <label htmlFor="bulk-method">{t("bulk.method.label")}</label>
          <select id="bulk-method" name={BULK_PARAMS.method} defaultValue="in_person_id_card">
            {VERIFICATION_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`bulk.method.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="bulk-note">{t("bulk.note")}</label>
          <input id="bulk-note" name={BULK_PARAMS.note} maxLength={500} />
        </div>

        <label className="choice">
          <input type="radio" name={BULK_PARAMS.kind} value="exportCsv" /> {t("bulk.kinds.exportCsv")}
        </label>
        <label className="choice">
          <input type="radio" name={BULK_PARAMS.kind} value="exportXlsx" /> {t("bulk.kinds.exportXlsx")}
        </label>
        <p className="field-hint">{t("bulk.kindHints.export")}</p>
      </fieldset>
      <button type="submit" className="button">
        {t("bulk.next")}
      </button>
    </Form>
  );
}

interface ProgressView {
  status: "queued" | "running" | "completed" | "failed";
  done: number;
  total: number;
  percent: number;
  counts: Array<[string, number]>;
}

/** The progress bar (a plain <progress>: the page refreshes itself while the action runs) and the counts. */
export function BulkProgress({ view }: { view: ProgressView }) {
  const { t } = useTranslation("households");
  const locale = useLocale();
  const n = (value: number) => formatNumber(value, locale);
  return (
    <>
      <div role="status" aria-live="polite">
        <label htmlFor="bulk-progress">{t("bulk.progress", { done: n(view.done), total: n(view.total), percent: view.percent })}</label>
        <br />
        <progress id="bulk-progress" max={view.total} value={view.status === "queued" ? undefined : view.done} style={{ width: "100%" }} />
      </div>
      {view.counts.length > 0 ? (
        <dl>
          {view.counts.map(([key, value]) => (
            <div key={key} style={{ display: "flex", gap: "0.5rem" }}>
              <dt>{t(`bulk.counts.${key as "issued"}`, { defaultValue: key })}:</dt>
              <dd style={{ margin: 0 }}>{n(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}
