import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { parseQuantity, quantityInputValue, quantityMessageKey } from "~/lib/quantity";
import { packedQuantityRule, type Unit } from "~/listings/options";
import { packingFigures, packingPreview, type PackingPreview } from "./packing-figures";

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
 * of each weight line, prefilled with the ordered one. With JavaScript the new total and whether the
 * buyer will be asked show as the farmer types (same arithmetic as the server, packing-figures.ts)
 * and the button packs at once; without it the button asks the server for the same preview first,
 * then a second button confirms. The server reads everything again.
 */
export function PackingForm({ packing, reply }: { packing: PackingData; reply: PackingReply | undefined }) {
  const { t } = useTranslation("shipping");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const mine = reply?.intent === "pack" || reply?.intent === "packPreview" ? reply : undefined;
  const initial = (itemId: number, ordered: number) => mine?.values[field(itemId)] ?? quantityInputValue(ordered);
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(packing.lines.filter((l) => l.weighed).map((l) => [field(l.itemId), initial(l.itemId, l.ordered)])),
  );
  const unitName = (unit: string) => tc(`units.${unit as "kg"}`);
  const translate = tc as unknown as (key: string, options: object) => string;

  if (packing.waitingUntil) {
    return <p className="alert alert-ok">{t("packing.waiting", { at: formatDateTime(new Date(packing.waitingUntil), locale) })}</p>;
  }

  const problems: Record<string, string> = {};
  const packedOf = (line: PackingData["lines"][number]) => {
    if (!line.weighed) return line.ordered;
    const rule = packedQuantityRule(line.unit as Unit);
    const result = parseQuantity(typed[field(line.itemId)] ?? "", rule);
    if (result.ok) return result.value;
    problems[field(line.itemId)] = translate(quantityMessageKey(result), {
      suggestion: result.suggestion ?? "",
      unit: line.unit,
      step: quantityInputValue(rule.step),
      example: quantityInputValue(line.ordered),
    });
    return null;
  };
  const packed = packing.lines.map((l) => ({ line: l, packed: packedOf(l) }));
  const live =
    hydrated && packed.every((p) => p.packed !== null)
      ? packingPreview(
          packingFigures({
            lines: packed.map(({ line, packed: q }) => ({ itemId: line.itemId, priceVnd: line.priceVnd, ordered: line.ordered, orderedLineTotalVnd: line.orderedLineTotalVnd, packed: q! })),
            subtotalVnd: packing.subtotalVnd,
            deliveryFeeVnd: packing.deliveryFeeVnd,
            totalVnd: packing.totalVnd,
            tolerancePct: packing.tolerancePct,
            paidCapVnd: packing.paidCapVnd,
          }),
          packing.paidCapVnd !== null,
        )
      : null;
  const preview = live ?? (hydrated ? null : (mine?.packPreview ?? null));
  const confirming = !hydrated && Boolean(mine?.packPreview);

  return (
    <Form method="post" className="form packing-form" data-testid="packing-form">
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
              value={typed[field(line.itemId)] ?? ""}
              onChange={(e) => setTyped((all) => ({ ...all, [field(line.itemId)]: e.target.value }))}
              aria-invalid={mine?.errors.fields[field(line.itemId)] || (hydrated && problems[field(line.itemId)]) ? true : undefined}
              aria-describedby={`${field(line.itemId)}-hint ${field(line.itemId)}-error`}
            />
            <p id={`${field(line.itemId)}-error`} className="field-error field-error-reserved" aria-live="polite">
              {(hydrated ? problems[field(line.itemId)] : null) ?? mine?.errors.fields[field(line.itemId)] ?? null}
            </p>
          </div>
        ) : (
          <p key={line.itemId}>{t("packing.countedLine", { title: line.title, quantity: formatNumber(line.ordered, locale, 3), unit: unitName(line.unit) })}</p>
        ),
      )}
      {preview ? <PreviewLines preview={preview} pct={packing.tolerancePct} hours={packing.answerHours} confirming={confirming} /> : null}
      <SubmitButton name="intent" value={hydrated || confirming ? "pack" : "packPreview"} intent="pack">
        {hydrated || confirming ? t("packing.submit") : t("packing.check")}
      </SubmitButton>
      {confirming ? (
        // Changed a figure after the preview: preview again rather than pack what was not shown.
        <button type="submit" name="intent" value="packPreview" className="button button-secondary button-block">
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
    <div className="packing-preview" role="status" aria-live="polite" data-testid="packing-preview">
      {confirming ? <h3>{t("packing.confirmTitle")}</h3> : null}
      <p>
        <strong>{t("packing.newTotal", { newTotal: formatMoney(preview.newTotalVnd, locale), oldTotal: formatMoney(preview.oldTotalVnd, locale) })}</strong>
      </p>
      <p>{preview.unchanged ? t("packing.unchanged") : preview.withinTolerance ? t("packing.within", { pct }) : t("packing.beyond", { pct, hours })}</p>
      {preview.capped ? <p>{t("packing.capped", { total: formatMoney(preview.newTotalVnd, locale) })}</p> : null}
      {preview.refundVnd > 0 ? <p>{t("packing.refund", { amount: formatMoney(preview.refundVnd, locale) })}</p> : null}
    </div>
  );
}
