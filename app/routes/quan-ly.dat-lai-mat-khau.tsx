import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { startResetForUser } from "~/accounts/auth.server";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { StaffResetSchema } from "~/accounts/schemas";
import { Field } from "~/components/ui/Field";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/** Officers (for farmers of their areas) and administrators start a reset for someone else; the code goes to that person's phone. */
export const handle = { i18n: ["common", "accounts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "useOfficerWorkspace");
  return json({ title: await pageTitle(request, "accounts:staffReset.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireAllowed(request, "useOfficerWorkspace");
  const submission = parseWithZod(await request.formData(), { schema: StaffResetSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), sent: null }, { status: 400 });
  try {
    // The same answer whether a code went out or not: the page tells nothing about the number.
    const { phone } = startResetForUser(db(), actor, submission.value);
    return json({ result: submission.reply({ resetForm: true }), sent: { phone: formatPhone(phone) } });
  } catch (error) {
    return replyWithError(request, submission, error, { extra: { sent: null } });
  }
}

export default function StaffReset() {
  const { t } = useTranslation("accounts");
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "staff-reset",
    lastResult: actionData?.result,
    constraint: getZodConstraint(StaffResetSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffResetSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("staffReset.title")}</h1>
      <p>{t("staffReset.intro")}</p>
      {actionData?.sent ? <FormNotice>{t("staffReset.sent", actionData.sent)}</FormNotice> : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("fields.farmerPhone")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "off", inputMode: "tel" }}
        />
        <SubmitButton>{t("staffReset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}
