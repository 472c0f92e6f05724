import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { quantityInputValue } from "~/lib/quantity";
import { packedQuantityRule, type Unit } from "~/listings/options";
import type { PackingPreview } from "./packing-figures";
import { PACKED_PROBLEM_KEYS, type LiveFigures, type PreviewTexts } from "./packing-live";

/** The packing form's data (packingFormData in packing.server.ts), as JSON reaches the page. */
export interface PackingData {
  tolerancePct: number;
  subtotalVnd: number;
  deliveryFeeVnd: number;
  totalVnd: number;
  paidCapVnd: number | null;
  waitingUntil: string | null;
  answerHours: number;
  lines: Array<{ itemId: number; title: string; unit: string; priceVnd: number; ordered: number; orderedLineTotalVnd: number; weighed: boolean }>;
}

export interface PackingReply {
  intent?: string;
  errors: { form: string | null; fields: Record<string, string> };
  values: Record<string, string>;
  /** the server's preview (the confirm step without JavaScript) */
  packPreview?: PackingPreview;
}

const field = (itemId: number) => `packed-${itemId}`;

/**
 * "Đóng gói" on the farm's order page (and the officer's, on a farm's behalf): the packed quantity
 * of each weight line, prefilled with the ordered one. Drawn for the page without script: the
 * button asks the server for a preview first, then a second button confirms. The packing island
 * (app/islands/packing.ts) adds each line's money, the new total and whether the buyer will be asked as the farmer
 * types (same arithmetic as the server, packing-live.ts) and makes the button pack at once; it
 * reads the figures and every text from the data-* attributes written here. The server reads
 * everything again.
 */
export function PackingForm({ packing, reply }: { packing: PackingData; reply: PackingReply | undefined }) {
  const { t } = useTranslation("shipping");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const mine = reply?.intent === "pack" || reply?.intent === "packPreview" ? reply : undefined;
  const initial = (itemId: number, ordered: number) => mine?.values[field(itemId)] ?? quantityInputValue(ordered);
  const unitName = (unit: string) => tc(`units.${unit as "kg"}`);
  const translate = tc as unknown as (key: string, options: object) => string;

  if (packing.waitingUntil) {
    return <p className="alert alert-ok">{t("packing.waiting", { at: formatDateTime(new Date(packing.waitingUntil), locale) })}</p>;
  }

  const preview = mine?.packPreview ?? null;
  const confirming = Boolean(preview);
  const figures: LiveFigures = {
    subtotalVnd: packing.subtotalVnd,
    deliveryFeeVnd: packing.deliveryFeeVnd,
    totalVnd: packing.totalVnd,
    tolerancePct: packing.tolerancePct,
    paidCapVnd: packing.paidCapVnd,
    lines: packing.lines.map(({ itemId, unit, priceVnd, ordered, orderedLineTotalVnd, weighed }) => ({ itemId, unit, priceVnd, ordered, orderedLineTotalVnd, weighed })),
  };
  const hole = (name: string) => `{${name}}`;
  const texts: PreviewTexts & { submit: string } = {
    newTotal: t("packing.newTotal", { newTotal: hole("newTotal"), oldTotal: hole("oldTotal") }),
    unchanged: t("packing.unchanged"),
    within: t("packing.within", { pct: packing.tolerancePct }),
    beyond: t("packing.beyond", { pct: packing.tolerancePct, hours: packing.answerHours }),
    capped: t("packing.capped", { total: hole("total") }),
    refund: t("packing.refund", { amount: hole("amount") }),
    submit: t("packing.submit"),
  };
  // The reader's messages for this line's unit, with a hole for the suggestion.
  const messages = (line: PackingData["lines"][number]) =>
    JSON.stringify(
      Object.fromEntries(
        PACKED_PROBLEM_KEYS.map((key) => [
          key,
          translate(`common:numberInput.${key}`, {
            suggestion: hole("suggestion"),
            unit: line.unit,
            step: quantityInputValue(packedQuantityRule(line.unit as Unit).step),
            example: quantityInputValue(line.ordered),
          }),
        ]),
      ),
    );

  return (
    <Form method="post" className="form packing-form" data-testid="packing-form" data-packing={JSON.stringify(figures)} data-packing-texts={JSON.stringify(texts)}>
      <h2>{t("packing.title")}</h2>
      <p className="muted">{t("packing.intro", { pct: packing.tolerancePct })}</p>
      <FormError errors={mine?.errors.form ? [mine.errors.form] : null} />
      {packing.lines.map((line) =>
        line.weighed ? (
          <div className="field" key={line.itemId}>
            <label htmlFor={field(line.itemId)}>{t("packing.packedLabel", { title: line.title, unit: unitName(line.unit) })}</label>
            <p className="muted" id={`${field(line.itemId)}-hint`}>
              {t("packing.orderedHint", { quantity: formatNumber(line.ordered, locale, 3), unit: unitName(line.unit), price: formatMoney(line.priceVnd, locale) })}
            </p>
            <input
              id={field(line.itemId)}
              name={field(line.itemId)}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={initial(line.itemId, line.ordered)}
              aria-invalid={mine?.errors.fields[field(line.itemId)] ? true : undefined}
              aria-describedby={`${field(line.itemId)}-hint ${field(line.itemId)}-error`}
              data-messages={messages(line)}
            />
            {/* The line's money at the weight typed: filled and shown by the island. */}
            <p className="muted" id={`${field(line.itemId)}-total`} data-packing-line-total={t("packing.lineTotal", { amount: hole("amount") })} hidden />
            <p id={`${field(line.itemId)}-error`} className="field-error field-error-reserved" aria-live="polite">
              {mine?.errors.fields[field(line.itemId)] ?? null}
            </p>
          </div>
        ) : (
          <p key={line.itemId}>{t("packing.countedLine", { title: line.title, quantity: formatNumber(line.ordered, locale, 3), unit: unitName(line.unit) })}</p>
        ),
      )}
      {/* Empty and hidden until there is a preview: the island fills it as the farmer types. */}
      <div className="packing-preview" role="status" aria-live="polite" data-testid="packing-preview" data-packing-preview hidden={!preview}>
        {preview ? <PreviewLines preview={preview} pct={packing.tolerancePct} hours={packing.answerHours} confirming={confirming} /> : null}
      </div>
      <SubmitButton name="intent" value={confirming ? "pack" : "packPreview"} intent="pack" data-packing-submit>
        {confirming ? t("packing.submit") : t("packing.check")}
      </SubmitButton>
      {confirming ? (
        // Changed a figure after the preview: preview again rather than pack what was not shown.
        <button type="submit" name="intent" value="packPreview" className="button button-secondary button-block" data-packing-edit>
          {t("packing.edit")}
        </button>
      ) : null}
    </Form>
  );
}

function PreviewLines({ preview, pct, hours, confirming }: { preview: PackingPreview; pct: number; hours: number; confirming: boolean }) {
  const { t } = useTranslation("shipping");
  const locale = useLocale();
  return (
    <>
      {confirming ? <h3>{t("packing.confirmTitle")}</h3> : null}
      <p>
        <strong>{t("packing.newTotal", { newTotal: formatMoney(preview.newTotalVnd, locale), oldTotal: formatMoney(preview.oldTotalVnd, locale) })}</strong>
      </p>
      <p>{preview.unchanged ? t("packing.unchanged") : preview.withinTolerance ? t("packing.within", { pct }) : t("packing.beyond", { pct, hours })}</p>
      {preview.capped ? <p>{t("packing.capped", { total: formatMoney(preview.newTotalVnd, locale) })}</p> : null}
      {preview.refundVnd > 0 ? <p>{t("packing.refund", { amount: formatMoney(preview.refundVnd, locale) })}</p> : null}
    </>
  );
}
