import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { completePasswordReset } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { ResetPasswordSchema } from "~/accounts/schemas";
import { createUserSession } from "~/accounts/session.server";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formatPhone, normalizePhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/**
 * Reset, step 2, at /quen-mat-khau/xac-nhan. The phone is a visible field (prefilled from the
 * link) because a farmer whose officer started the reset may arrive here directly.
 */
export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const phone = normalizePhone(new URL(request.url).searchParams.get("phone"));
  return json({ title: await pageTitle(request, "accounts:reset.title"), phone: phone.ok ? formatPhone(phone.e164) : null });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    const user = await completePasswordReset(db(), submission.value);
    return createUserSession(request, user.id, "/tai-khoan");
  } catch (error) {
    return replyWithError(request, submission, error, { hideFields: ["password"] });
  }
}

export default function ResetPassword() {
  const { t } = useTranslation("accounts");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "reset",
    lastResult: actionData?.result,
    defaultValue: { phone: data.phone ?? "" },
    constraint: getZodConstraint(ResetPasswordSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("reset.title")}</h1>
      <p>{data.phone ? t("reset.intro", { phone: data.phone }) : t("reset.introNoPhone")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("fields.phone")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <Field
          label={t("fields.code")}
          hint={t("fields.codeHint")}
          errors={fields.code.errors}
          inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code", inputMode: "numeric", maxLength: 7 }}
        />
        <Field
          label={t("fields.newPassword")}
          hint={t("fields.passwordHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to={data.phone ? `/quen-mat-khau?${new URLSearchParams({ phone: data.phone })}` : "/quen-mat-khau"}>{t("reset.askAgain")}</Link>
      </p>
    </section>
  );
}
