import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireUser } from "~/accounts/access.server";
import { confirmPhoneChange, pendingPhoneChange, startPhoneChange } from "~/accounts/profile.server";
import { PhoneChangeConfirmSchema, PhoneChangeStartSchema } from "~/accounts/schemas";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/** /tai-khoan/doi-so-dien-thoai: a code to the new number, then the switch. */
export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pending = pendingPhoneChange(db(), user.id);
  return json({
    title: await pageTitle(request, "accounts:phoneChange.title"),
    currentPhone: formatPhone(user.phone),
    pendingPhone: pending ? formatPhone(pending.newPhone) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("intent") === "confirm") {
    const submission = parseWithZod(formData, { schema: PhoneChangeConfirmSchema });
    if (submission.status !== "success") return json({ intent: "confirm" as const, result: submission.reply() }, { status: 400 });
    try {
      confirmPhoneChange(db(), user.id, submission.value);
      return redirect("/tai-khoan?done=phone");
    } catch (error) {
      return replyWithError(request, submission, error, { extra: { intent: "confirm" as const } });
    }
  }
  const submission = parseWithZod(formData, { schema: PhoneChangeStartSchema });
  if (submission.status !== "success") {
    return json({ intent: "send" as const, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    await startPhoneChange(db(), user.id, submission.value);
    return redirect("/tai-khoan/doi-so-dien-thoai");
  } catch (error) {
    return replyWithError(request, submission, error, { hideFields: ["password"], extra: { intent: "send" as const } });
  }
}

export default function ChangePhone() {
  const { t } = useTranslation("accounts");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [confirmForm, confirm] = useForm({
    id: "phone-confirm",
    lastResult: actionData?.intent === "confirm" ? actionData.result : undefined,
    constraint: getZodConstraint(PhoneChangeConfirmSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhoneChangeConfirmSchema }),
  });
  const [sendForm, send] = useForm({
    id: "phone-send",
    lastResult: actionData?.intent === "send" ? actionData.result : undefined,
    constraint: getZodConstraint(PhoneChangeStartSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhoneChangeStartSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("phoneChange.title")}</h1>
      <p>
        {t("account.phone")}: <strong>{data.currentPhone}</strong>
      </p>
      {data.pendingPhone ? (
        <Form method="post" {...getFormProps(confirmForm)} className="form">
          <p>{t("phoneChange.confirmIntro", { phone: data.pendingPhone })}</p>
          <input type="hidden" name="intent" value="confirm" />
          <FormError id={confirmForm.errorId} errors={confirmForm.errors} />
          <Field
            label={t("fields.code")}
            hint={t("fields.codeHint")}
            errors={confirm.code.errors}
            inputProps={{ ...getInputProps(confirm.code, { type: "text" }), autoComplete: "one-time-code", inputMode: "numeric", maxLength: 7 }}
          />
          <SubmitButton intent="confirm">
            {t("phoneChange.confirmSubmit")}
          </SubmitButton>
        </Form>
      ) : null}
      <Form method="post" {...getFormProps(sendForm)} className="form">
        <p>{t("phoneChange.intro")}</p>
        <input type="hidden" name="intent" value="send" />
        <FormError id={sendForm.errorId} errors={sendForm.errors} />
        <Field
          label={t("fields.newPhone")}
          hint={t("fields.phoneHint")}
          errors={send.newPhone.errors}
          inputProps={{ ...getInputProps(send.newPhone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <Field
          label={t("fields.currentPassword")}
          errors={send.password.errors}
          inputProps={{ ...getInputProps(send.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <SubmitButton intent="send" className={data.pendingPhone ? "button button-secondary button-block" : undefined}>
          {t("phoneChange.sendSubmit")}
        </SubmitButton>
      </Form>
      <p>
        <Link to="/tai-khoan">{t("phoneChange.backToAccount")}</Link>
      </p>
    </section>
  );
}
