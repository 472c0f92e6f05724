import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { startPasswordReset } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { ForgotPasswordSchema } from "~/accounts/schemas";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

// Open to everyone, signed in or not: resetting is how a user who forgot gets back in.
export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "accounts:forgot.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const { phone } = startPasswordReset(db(), { phone: submission.value.phone, locale: await getLocale(request), clientIp: context.clientIp });
    return redirect(`/quen-mat-khau/xac-nhan?${new URLSearchParams({ phone: formatPhone(phone).replace(/ /g, "") })}`);
  } catch (error) {
    return replyWithError(request, submission, error);
  }
}

export default function ForgotPassword() {
  const { t } = useTranslation("accounts");
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "forgot",
    lastResult: actionData?.result,
    defaultValue: { phone: searchParams.get("phone") ?? "" },
    constraint: getZodConstraint(ForgotPasswordSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("fields.phone")}
          hint={t("fields.phoneHint")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/dang-nhap">{t("login.title")}</Link>
      </p>
    </section>
  );
}
