import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, SelectField, ChoiceRows } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { useErrorText } from "~/components/ui/errors";
import { quantityInputValue } from "~/lib/quantity";
import type { RootData } from "~/root";
import { draftKey, type DraftOptions } from "./draft";
import { CATEGORIES, CERTIFICATIONS, QUANTITY_STEPS, UNITS } from "./options";
import { ListingFormSchema, type ListingFormValue } from "./schema";

/** Form values as the browser sends them back, for defaults. */
export interface ListingFormDefaults {
  title?: string;
  description?: string;
  commodityId?: string;
  category?: string;
  unit?: string;
  price?: string;
  stock?: string;
  minOrder?: string;
  quantityStep?: string;
  /** grams, counted units only */
  unitWeight?: string;
  availableFrom?: string;
  availableTo?: string;
  certifications?: string[];
  deliveryKind?: "province" | "communes";
  deliveryCommunes?: string[];
  deliversOutsideProvince?: boolean;
}

interface ListingFormProps {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: ListingFormDefaults;
  commodities: Array<{ id: number; name: string }>;
  communes: Array<{ code: string; name: string }>;
  provinceName: string;
  submitLabel: ReactNode;
  /** the hidden intent of the edit page's details form */
  intent?: string;
  /** keep the typed text in the browser until saved (the listing-form island, form-draft.client.ts) */
  draft?: DraftOptions;
}

/**
 * The listing form for the new and edit pages, rendered on the server only: a plain POST checked
 * by the zod schema on the server (conform shapes the fields, their native constraints and the
 * errors), the input kept on error. The listing-form island keeps a draft in the browser.
 */
export function ListingForm({ id, lastResult, defaultValue, commodities, communes, provinceName, submitLabel, intent, draft }: ListingFormProps) {
  const { t } = useTranslation("listings");
  const { t: tc } = useTranslation("common");
  const errorText = useErrorText();
  const [form, fields] = useForm<z.input<typeof ListingFormSchema>, ListingFormValue>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ListingFormSchema),
  });
  const userId = useRouteLoaderData<RootData>("root")?.user?.id;
  // Where the island keeps the draft: one key per user and listing (draft.ts).
  const draftAttributes =
    draft && userId !== undefined
      ? {
          "data-draft-key": draftKey(userId, draft.scope),
          "data-draft-saved": draft.saved ? "" : undefined,
          "data-draft-clear": draft.clearScopes?.length ? draft.clearScopes.map((scope) => draftKey(userId, scope)).join(" ") : undefined,
        }
      : {};
  const chosenCommunes = Array.isArray(defaultValue.deliveryCommunes) ? defaultValue.deliveryCommunes.length : 0;
  const groupError = (field: { id: string; errors?: string[] }) =>
    field.errors ? (
      <p id={`${field.id}-error`} className="field-error">
        {field.errors.map(errorText).join(" ")}
      </p>
    ) : null;

  return (
    <Form method="post" {...getFormProps(form)} {...draftAttributes} className="form listing-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {draftAttributes["data-draft-key"] ? (
        // Shown by the island when it puts a draft back.
        <p className="alert alert-ok draft-notice" role="status" data-draft-notice hidden>
          {t("draft.restored")}{" "}
          <button type="button" className="button-small" data-draft-discard>
            {t("draft.discard")}
          </button>
        </p>
      ) : null}
      <FormError id={form.errorId} errors={form.errors} />
      <Field
        label={t("fields.title")}
        hint={t("fields.titleHint")}
        errors={fields.title.errors}
        inputProps={getInputProps(fields.title, { type: "text" })}
      />
      <SelectField
        label={t("fields.category")}
        errors={fields.category.errors}
        selectProps={getSelectProps(fields.category)}
        options={[{ value: "", label: t("fields.categoryChoose") }, ...CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))]}
      />
      {commodities.length > 0 ? (
        <SelectField
          label={t("fields.commodity")}
          errors={fields.commodityId.errors}
          selectProps={getSelectProps(fields.commodityId)}
          options={[{ value: "", label: t("fields.commodityNone") }, ...commodities.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
      ) : null}
      <SelectField
        label={t("fields.unit")}
        errors={fields.unit.errors}
        selectProps={getSelectProps(fields.unit)}
        options={UNITS.map((u) => ({ value: u, label: tc(`units.${u}`) }))}
      />
      <Field
        label={t("fields.priceGeneric")}
        hint={t("fields.priceHint")}
        errors={fields.price.errors}
        inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
      />
      <Field
        label={t("fields.stock")}
        hint={t("fields.stockHint")}
        errors={fields.stock.errors}
        inputProps={{ ...getInputProps(fields.stock, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
      />
      <Field
        label={t("fields.minOrder")}
        errors={fields.minOrder.errors}
        inputProps={{ ...getInputProps(fields.minOrder, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
      />
      <SelectField
        label={t("fields.quantityStep")}
        hint={t("fields.quantityStepHint")}
        errors={fields.quantityStep.errors}
        selectProps={getSelectProps(fields.quantityStep)}
        options={QUANTITY_STEPS.map((step) => ({ value: String(step), label: quantityInputValue(step) }))}
      />
      {/* Only counted units need it: hidden by CSS (:has) while a weight unit is chosen, shown where :has is not supported. */}
      <Field
        className="unit-weight-field"
        label={t("fields.unitWeight")}
        hint={t("fields.unitWeightHint")}
        errors={fields.unitWeight.errors}
        inputProps={{ ...getInputProps(fields.unitWeight, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
      />
      <div className="field">
        <label htmlFor={fields.description.id}>{t("fields.description")}</label>
        <p id={`${fields.description.id}-hint`} className="field-hint">
          {t("fields.descriptionHint")}
        </p>
        <textarea
          {...getTextareaProps(fields.description, { ariaDescribedBy: `${fields.description.id}-hint` })}
          key={fields.description.key}
          rows={5}
        />
        {groupError(fields.description)}
      </div>

      <fieldset className="field choice-field">
        <legend>{t("fields.season")}</legend>
        <div className="listing-form-pair">
          <Field label={t("fields.availableFrom")} errors={fields.availableFrom.errors} inputProps={getInputProps(fields.availableFrom, { type: "date" })} />
          <Field label={t("fields.availableTo")} errors={fields.availableTo.errors} inputProps={getInputProps(fields.availableTo, { type: "date" })} />
        </div>
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("fields.certifications")}</legend>
        <ChoiceRows
          rows={getCollectionProps(fields.certifications, { type: "checkbox", options: [...CERTIFICATIONS] }).map((props) => ({
            inputProps: props,
            label: t(`certifications.${props.value as (typeof CERTIFICATIONS)[number]}`),
          }))}
        />
        {groupError(fields.certifications)}
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("fields.delivery")}</legend>
        <ChoiceRows
          rows={getCollectionProps(fields.deliveryKind, { type: "radio", options: ["province", "communes"] }).map((props) => ({
            inputProps: props,
            label: props.value === "province" ? `${t("fields.deliveryProvince")} (${provinceName})` : t("fields.deliveryCommunes"),
          }))}
        />
        <details className="commune-picker" open={Boolean(fields.deliveryCommunes.errors) || undefined}>
          <summary>{t("fields.deliveryCommunesPick", { count: chosenCommunes })}</summary>
          <div className="commune-list">
            <ChoiceRows
              rows={getCollectionProps(fields.deliveryCommunes, { type: "checkbox", options: communes.map((c) => c.code) }).map((props, i) => ({
                inputProps: props,
                label: communes[i].name,
              }))}
            />
          </div>
        </details>
        {groupError(fields.deliveryCommunes)}
        <ChoiceRows
          rows={[
            {
              inputProps: getInputProps(fields.deliversOutsideProvince, { type: "checkbox" }),
              label: `${t("fields.deliversOutsideProvince")} — ${t("fields.deliversOutsideProvinceHelp")}`,
            },
          ]}
        />
      </fieldset>

      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  );
}
