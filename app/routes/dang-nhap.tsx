import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { login } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireAnonymous } from "~/accounts/access.server";
import { LoginSchema } from "~/accounts/schemas";
import { createUserSession } from "~/accounts/session.server";
import { mergeCartAtLogin } from "~/orders/cart.server";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { safeRedirectPath } from "~/lib/redirect";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  await requireAnonymous(request, redirectTo || "/");
  return json({ title: await pageTitle(request, "accounts:login.title"), redirectTo });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LoginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    const user = await login(db(), { ...submission.value, clientIp: context.clientIp });
    // A guest cart follows the buyer into their account.
    await mergeCartAtLogin(request, user.id);
    return createUserSession(request, user.id, safeRedirectPath(submission.value.redirectTo, "/"));
  } catch (error) {
    return replyWithError(request, submission, error, { hideFields: ["password"] });
  }
}

export default function Login() {
  const { t } = useTranslation("accounts");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const signupLink = data.redirectTo ? `/dang-ky?${new URLSearchParams({ redirectTo: data.redirectTo })}` : "/dang-ky";
  return (
    <section className="account-page">
      <h1>{t("login.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("fields.phone")}
          hint={t("fields.phoneHint")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <Field
          label={t("fields.password")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        {data.redirectTo ? <input type="hidden" name="redirectTo" value={data.redirectTo} /> : null}
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/quen-mat-khau">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to={signupLink}>{t("login.signupLink")}</Link>
      </p>
      <p>
        {t("login.registeredByOfficer")} <Link to="/nhan-tai-khoan">{t("login.claimLink")}</Link>
      </p>
    </section>
  );
}
