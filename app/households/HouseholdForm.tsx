import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, ChoiceRows } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { useErrorText } from "~/components/ui/errors";
import { CERTIFICATIONS, HOUSEHOLD_KINDS } from "./options";
import type { z } from "zod";
import { CONSENT_METHODS, HouseholdProfileSchema, OfficerRegistrationSchema, type OfficerRegistrationValue } from "./schemas";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/** Form values as strings (what the browser sends back), for defaults. */
export interface HouseholdFormDefaults {
  kind?: string;
  representativeName?: string;
  displayName?: string;
  phone?: string;
  nationalId?: string;
  communeCode?: string;
  addressLine?: string;
  mainProducts?: string;
  farmAreaM2?: string;
  certifications?: string[];
  bankBin?: string;
  bankAccountNumber?: string;
  bankAccountName?: string;
  pickup?: boolean;
  feeCommune?: string;
  feeProvince?: string;
  feeElsewhere?: string;
  freeAbove?: string;
  showContact?: boolean;
  zaloPhone?: string;
  /** officer's registration only */
  consentMethod?: string;
  consentDate?: string;
  consentNote?: string;
}

interface HouseholdFormProps {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: HouseholdFormDefaults;
  communes: Array<{ code: string; name: string }>;
  banks: Array<{ bin: string; shortName: string; name: string }>;
  provinceName: string;
  /** verified households: name, ID and commune are changed by an officer */
  identityLocked?: boolean;
  lockedCommuneName?: string;
  submitLabel: ReactNode;
  /**
   * An officer registers the household: the form also asks how and when the household consented
   * (Decree 13/2023) and validates with OfficerRegistrationSchema. maxDate: today in Vietnam.
   */
  consent?: { maxDate: string };
  /** shown above the submit button (e.g. a link to a duplicate household) */
  notice?: ReactNode;
}

/**
 * The household profile form, shared by the registration wizard and the profile page. One zod
 * schema on both sides; plain POST, so it works without JavaScript; conform keeps the input on error.
 */
export function HouseholdForm({
  id,
  lastResult,
  defaultValue,
  communes,
  banks,
  provinceName,
  identityLocked,
  lockedCommuneName,
  submitLabel,
  consent,
  notice,
}: HouseholdFormProps) {
  const { t } = useTranslation("households");
  const errorText = useErrorText();
  // One field set for both forms: the profile form simply never renders the consent fields.
  const schema = consent ? OfficerRegistrationSchema : HouseholdProfileSchema;
  const [form, fields] = useForm<z.input<typeof OfficerRegistrationSchema>, OfficerRegistrationValue>({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OfficerRegistrationSchema.pick(pickOf(schema)) }),
  });

  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormError id={form.errorId} errors={form.errors} />
      {identityLocked ? <p className="alert alert-ok">{t("identityLocked")}</p> : null}

      <fieldset className="field choice-field">
        <legend>{t("sections.identity")}</legend>
        <SelectField
          label={t("fields.kind")}
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
          options={HOUSEHOLD_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <Field
          label={t("fields.representativeName")}
          hint={t("fields.representativeNameHint")}
          errors={fields.representativeName.errors}
          inputProps={{ ...getInputProps(fields.representativeName, { type: "text" }), autoComplete: "name", readOnly: identityLocked }}
        />
        <Field
          label={t("fields.displayName")}
          hint={t("fields.displayNameHint")}
          errors={fields.displayName.errors}
          inputProps={getInputProps(fields.displayName, { type: "text" })}
        />
        <Field
          label={t("fields.phone")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <Field
          label={t("fields.nationalId")}
          hint={t("fields.nationalIdHint")}
          errors={fields.nationalId.errors}
          inputProps={{ ...getInputProps(fields.nationalId, { type: "text" }), inputMode: "numeric", autoComplete: "off", readOnly: identityLocked }}
        />
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("sections.address")}</legend>
        {identityLocked ? (
          <div className="field">
            <strong>{t("fields.communeCode")}</strong>
            <p>{lockedCommuneName}</p>
            <input type="hidden" name={fields.communeCode.name} value={String(defaultValue.communeCode ?? "")} />
          </div>
        ) : (
          <SelectField
            label={t("fields.communeCode")}
            hint={t("fields.communeHint", { province: provinceName })}
            errors={fields.communeCode.errors}
            selectProps={getSelectProps(fields.communeCode)}
            options={[{ value: "", label: t("fields.communeChoose") }, ...communes.map((c) => ({ value: c.code, label: c.name }))]}
          />
        )}
        <Field
          label={t("fields.addressLine")}
          hint={t("fields.addressLineHint")}
          errors={fields.addressLine.errors}
          inputProps={{ ...getInputProps(fields.addressLine, { type: "text" }), autoComplete: "street-address" }}
        />
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("sections.farm")}</legend>
        <Field
          label={t("fields.mainProducts")}
          hint={t("fields.mainProductsHint")}
          errors={fields.mainProducts.errors}
          inputProps={getInputProps(fields.mainProducts, { type: "text" })}
        />
        <Field
          label={t("fields.farmAreaM2")}
          hint={t("fields.farmAreaHint")}
          errors={fields.farmAreaM2.errors}
          inputProps={getInputProps(fields.farmAreaM2, { type: "text" })}
        />
        <fieldset className="field choice-field" aria-describedby={fields.certifications.errors ? `${fields.certifications.id}-error` : undefined}>
          <legend>{t("fields.certifications")}</legend>
          <ChoiceRows
            rows={getCollectionProps(fields.certifications, { type: "checkbox", options: [...CERTIFICATIONS] }).map((props) => ({
              inputProps: props,
              label: t(`certifications.${props.value as (typeof CERTIFICATIONS)[number]}`),
            }))}
          />
          {fields.certifications.errors ? (
            <p id={`${fields.certifications.id}-error`} className="field-error">
              {fields.certifications.errors.map(errorText).join(" ")}
            </p>
          ) : null}
        </fieldset>
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("sections.bank")}</legend>
        <p className="field-hint">{t("fields.bankHint")}</p>
        <SelectField
          label={t("fields.bankBin")}
          errors={fields.bankBin.errors}
          selectProps={getSelectProps(fields.bankBin)}
          options={[{ value: "", label: t("fields.bankNone") }, ...banks.map((b) => ({ value: b.bin, label: `${b.shortName} — ${b.name}` }))]}
        />
        <Field
          label={t("fields.bankAccountNumber")}
          hint={t("fields.bankAccountNumberHint")}
          errors={fields.bankAccountNumber.errors}
          inputProps={{ ...getInputProps(fields.bankAccountNumber, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
        />
        <Field
          label={t("fields.bankAccountName")}
          errors={fields.bankAccountName.errors}
          inputProps={getInputProps(fields.bankAccountName, { type: "text" })}
        />
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("sections.delivery")}</legend>
        <Checkbox label={t("fields.pickup")} errors={fields.pickup.errors} errorText={errorText} inputProps={getInputProps(fields.pickup, { type: "checkbox" })} />
        <p className="field-hint">{t("fields.feeHint")}</p>
        {(["feeCommune", "feeProvince", "feeElsewhere"] as const).map((name) => (
          <Field
            key={name}
            label={t(`fields.${name}`)}
            errors={fields[name].errors}
            inputProps={{ ...getInputProps(fields[name], { type: "text" }), inputMode: "numeric" }}
          />
        ))}
        <Field
          label={t("fields.freeAbove")}
          hint={t("fields.freeAboveHint")}
          errors={fields.freeAbove.errors}
          inputProps={{ ...getInputProps(fields.freeAbove, { type: "text" }), inputMode: "numeric" }}
        />
      </fieldset>

      <fieldset className="field choice-field">
        <legend>{t("sections.contact")}</legend>
        <Checkbox
          label={t("fields.showContact")}
          errors={fields.showContact.errors}
          errorText={errorText}
          inputProps={getInputProps(fields.showContact, { type: "checkbox" })}
        />
        <Field
          label={t("fields.zaloPhone")}
          hint={t("fields.zaloPhoneHint")}
          errors={fields.zaloPhone.errors}
          inputProps={{ ...getInputProps(fields.zaloPhone, { type: "tel" }), inputMode: "tel" }}
        />
      </fieldset>

      {consent ? (
        <fieldset className="field choice-field">
          <legend>{t("register.consentTitle")}</legend>
          <p className="field-hint">{t("register.consentHint")}</p>
          <fieldset className="field choice-field" aria-describedby={fields.consentMethod.errors ? `${fields.consentMethod.id}-error` : undefined}>
            <legend>{t("register.consentMethod")}</legend>
            <ChoiceRows
              rows={getCollectionProps(fields.consentMethod, { type: "radio", options: [...CONSENT_METHODS] }).map((props) => ({
                inputProps: props,
                label: t(`register.consentMethods.${props.value as (typeof CONSENT_METHODS)[number]}`),
              }))}
            />
            {fields.consentMethod.errors ? (
              <p id={`${fields.consentMethod.id}-error`} className="field-error">
                {fields.consentMethod.errors.map(errorText).join(" ")}
              </p>
            ) : null}
          </fieldset>
          <Field
            label={t("register.consentDate")}
            errors={fields.consentDate.errors}
            inputProps={{ ...getInputProps(fields.consentDate, { type: "date" }), max: consent.maxDate }}
          />
          <Field
            label={t("register.consentNote")}
            hint={t("register.consentNoteHint")}
            errors={fields.consentNote.errors}
            inputProps={getInputProps(fields.consentNote, { type: "text" })}
          />
        </fieldset>
      ) : null}

      {notice}
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

function Checkbox({
  label,
  errors,
  errorText,
  inputProps,
}: {
  label: ReactNode;
  errors?: string[];
  errorText: (message: string) => string;
  inputProps: ReturnType<typeof getInputProps> & { key?: string | null };
}) {
  const { key, id, ...rest } = inputProps;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input key={key ?? undefined} id={id} {...rest} aria-describedby={errors?.length ? errorId : undefined} />
        <span>{label}</span>
      </label>
      {errors?.length ? (
        <p id={errorId} className="field-error">
          {errors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The keys of a zod object, as the mask .pick() takes: validates only the fields this form has. */
function pickOf(schema: typeof HouseholdProfileSchema | typeof OfficerRegistrationSchema) {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, true])) as { [K in keyof typeof OfficerRegistrationSchema.shape]?: true };
}
