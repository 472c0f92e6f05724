import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { startSignup } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireAnonymous } from "~/accounts/access.server";
import { SignupSchema } from "~/accounts/schemas";
import { ChoiceField, Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { safeRedirectPath } from "~/lib/redirect";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({ title: await pageTitle(request, "accounts:signup.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const submission = parseWithZod(await request.formData(), { schema: SignupSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    // The same redirect whether or not the phone has an account (its owner is told by SMS instead).
    const { phone } = await startSignup(db(), { ...submission.value, locale: await getLocale(request), clientIp: context.clientIp });
    const next = new URLSearchParams({ phone: formatPhone(phone).replace(/ /g, "") });
    const redirectTo = safeRedirectPath(submission.value.redirectTo, "");
    if (redirectTo) next.set("redirectTo", redirectTo);
    return redirect(`/dang-ky/xac-nhan?${next}`);
  } catch (error) {
    return replyWithError(request, submission, error, { hideFields: ["password"] });
  }
}

export default function Signup() {
  const { t } = useTranslation("accounts");
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <section className="account-page">
      <h1>{t("signup.title")}</h1>
      <p>{t("signup.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("fields.phone")}
          hint={t("fields.phoneHint")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <Field
          label={t("fields.name")}
          hint={t("fields.nameHint")}
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <Field
          label={t("fields.password")}
          hint={t("fields.passwordHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <ChoiceField
          legend={t("fields.role")}
          id={fields.role.id}
          name={fields.role.name}
          key={fields.role.key}
          errors={fields.role.errors}
          defaultValue={typeof fields.role.initialValue === "string" ? fields.role.initialValue : undefined}
          required
          options={[
            { value: "buyer", label: t("fields.roleBuyer") },
            { value: "farmer", label: t("fields.roleFarmer") },
          ]}
        />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to="/dang-nhap">{t("signup.loginLink")}</Link>
      </p>
    </section>
  );
}
