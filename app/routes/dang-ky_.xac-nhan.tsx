import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmSignup, resendSignupCode } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireAnonymous } from "~/accounts/access.server";
import { ConfirmCodeSchema } from "~/accounts/schemas";
import { createUserSession } from "~/accounts/session.server";
import { landingAfterPhoneConfirmed } from "~/households/first-sale.server";
import { mergeCartAtLogin } from "~/orders/cart.server";
import { Field } from "~/components/ui/Field";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formatPhone, normalizePhone } from "~/lib/phone";
import { safeRedirectPath } from "~/lib/redirect";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/**
 * Sign-up, step 2: the code from the SMS. Lives at /dang-ky/xac-nhan (not nested in the sign-up page).
 * Behaves the same for a phone that already has an account (a code stands in that never matches).
 */
export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const url = new URL(request.url);
  const phone = normalizePhone(url.searchParams.get("phone"));
  if (!phone.ok) throw redirect("/dang-ky");
  return json({
    title: await pageTitle(request, "accounts:confirm.title"),
    phone: formatPhone(phone.e164),
    redirectTo: safeRedirectPath(url.searchParams.get("redirectTo"), ""),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ConfirmCodeSchema });
  if (formData.get("intent") === "resend") {
    const phone = normalizePhone(String(formData.get("phone") ?? ""));
    if (!phone.ok) throw redirect("/dang-ky");
    try {
      resendSignupCode(db(), { phone: phone.e164, clientIp: context.clientIp });
      return json({ resent: true, result: null });
    } catch (error) {
      return replyWithError(request, submission, error, { hiddenFields: ["phone"], extra: { resent: false } });
    }
  }
  if (submission.status !== "success") return json({ resent: false, result: submission.reply() }, { status: 400 });
  try {
    const user = confirmSignup(db(), submission.value);
    // A guest cart follows the buyer into their account.
    await mergeCartAtLogin(request, user.id);
    return createUserSession(request, user.id, landingAfterPhoneConfirmed(user, submission.value.redirectTo));
  } catch (error) {
    return replyWithError(request, submission, error, { hiddenFields: ["phone"], extra: { resent: false } });
  }
}

export default function ConfirmSignup() {
  const { t } = useTranslation("accounts");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "confirm-signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ConfirmCodeSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmCodeSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("confirm.title")}</h1>
      <p>{t("confirm.intro", { phone: data.phone })}</p>
      {actionData?.resent ? <FormNotice>{t("confirm.resent")}</FormNotice> : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={[...(form.errors ?? []), ...(fields.phone.errors ?? [])]} />
        <input type="hidden" name="phone" value={data.phone} />
        {data.redirectTo ? <input type="hidden" name="redirectTo" value={data.redirectTo} /> : null}
        <Field
          label={t("fields.code")}
          hint={t("fields.codeHint")}
          errors={fields.code.errors}
          inputProps={{
            ...getInputProps(fields.code, { type: "text" }),
            autoComplete: "one-time-code",
            inputMode: "numeric",
            maxLength: 7,
          }}
        />
        <SubmitButton>{t("confirm.submit")}</SubmitButton>
      </Form>
      <Form method="post" className="form">
        <input type="hidden" name="phone" value={data.phone} />
        <button type="submit" name="intent" value="resend" className="button button-secondary">
          {t("confirm.resend")}
        </button>
      </Form>
      <p>
        <Link to="/dang-ky">{t("confirm.wrongNumber")}</Link>
      </p>
    </section>
  );
}
