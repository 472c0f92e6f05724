/**
 * The small alert form on a commodity's price page: a plain POST to the page's own action, so it
 * works without JavaScript; errors show on their field with what was typed kept. Visitors who are
 * not signed in see a link to log in and come back.
 */
import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";
import { ALERT_FORM_KINDS, ALERT_PRICE_TYPES, AlertSchema } from "./schema";

interface AlertFormProps {
  signedIn: boolean;
  /** the page's own path, to come back to after logging in */
  path: string;
  unit: string;
  markets: { slug: string; name: string }[];
  defaultMarket: string;
  defaultType: string;
  lastResult?: SubmissionResult<string[]> | null;
}

export function AlertForm({ signedIn, path, unit, markets, defaultMarket, defaultType, lastResult }: AlertFormProps) {
  const { t } = useTranslation("alerts");
  const { t: tp } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const unitWord = (tc as unknown as (k: string) => string)(`units.${unit}`);
  const [form, fields] = useForm({
    id: "price-alert",
    lastResult,
    defaultValue: { market: defaultMarket, type: defaultType, kind: "above" },
    constraint: getZodConstraint(AlertSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AlertSchema }),
  });
  if (!signedIn) {
    return (
      <p>
        <Link to={`/dang-nhap?${new URLSearchParams({ redirectTo: path })}`}>{t("form.loginFirst")}</Link>
      </p>
    );
  }
  return (
    <section aria-labelledby="price-alert-title">
      <h2 id="price-alert-title">{t("form.title")}</h2>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <SelectField
          label={t("form.market")}
          errors={fields.market.errors}
          selectProps={getSelectProps(fields.market)}
          options={[{ value: "", label: t("anyMarket") }, ...markets.map((m) => ({ value: m.slug, label: m.name }))]}
        />
        <SelectField
          label={t("form.priceType")}
          errors={fields.type.errors}
          selectProps={getSelectProps(fields.type)}
          options={ALERT_PRICE_TYPES.map((type) => ({ value: type, label: (tp as unknown as (k: string) => string)(`priceTypes.${type}`) }))}
        />
        <SelectField
          label={t("form.kind")}
          errors={fields.kind.errors}
          selectProps={getSelectProps(fields.kind)}
          options={ALERT_FORM_KINDS.map((kind) => ({ value: kind, label: t(`form.kinds.${kind}`) }))}
        />
        <Field
          label={t("form.threshold", { unit: unitWord })}
          hint={t("form.thresholdHint")}
          errors={fields.threshold.errors}
          inputProps={{ ...getInputProps(fields.threshold, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
        />
        <Field
          label={t("form.percent")}
          hint={t("form.percentHint")}
          errors={fields.percent.errors}
          inputProps={{ ...getInputProps(fields.percent, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
        />
        <SubmitButton>{t("form.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/tai-khoan/canh-bao-gia">{t("form.manage")}</Link>
      </p>
    </section>
  );
}
