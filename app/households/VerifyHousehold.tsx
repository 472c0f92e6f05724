import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceField, Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { VERIFICATION_METHODS, type VerificationMethod } from "./options";
import { VerifySchema } from "./schemas";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/**
 * The officer's verification block on a household's page: how identity was checked (one of a fixed
 * list) and a note. Works before the owner has claimed the account. A plain form: without
 * JavaScript the server's reply keeps what was chosen and typed.
 */
export function VerifyHouseholdForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "verify",
    lastResult,
    constraint: getZodConstraint(VerifySchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: VerifySchema }),
  });
  return (
    <>
      <h2>{t("verification.title")}</h2>
      <p>{t("verification.text")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <input type="hidden" name="intent" value="verify" />
        <FormError id={form.errorId} errors={form.errors} />
        <ChoiceField
          legend={t("verification.method")}
          id={fields.method.id}
          name={fields.method.name}
          errors={fields.method.errors}
          defaultValue={typeof fields.method.initialValue === "string" ? fields.method.initialValue : undefined}
          required
          options={VERIFICATION_METHODS.map((m) => ({ value: m, label: t(`verification.methods.${m}`) }))}
        />
        <Field label={t("verification.note")} errors={fields.note.errors} inputProps={getInputProps(fields.note, { type: "text" })} />
        <SubmitButton intent="verify">{t("verification.submit")}</SubmitButton>
      </Form>
    </>
  );
}

/** "Verified by <officer> on <date>, <method>". */
export function VerificationSummary({ verification }: { verification: { officerName: string | null; date: string; method: VerificationMethod } }) {
  const { t } = useTranslation("households");
  return (
    <p data-testid="verification">
      {t("verification.summary", {
        name: verification.officerName ?? t("verification.unknownOfficer"),
        date: verification.date,
        method: t(`verification.methods.${verification.method}`),
      })}
    </p>
  );
}
