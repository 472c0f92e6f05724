import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { phoneField } from "~/accounts/schemas";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { startClaim } from "~/households/claim.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/**
 * Account hand-over, step 1 (/nhan-tai-khoan): the household's phone; a code goes to it by SMS.
 * Open to everyone: a farmer may already have an account (then the household joins it).
 */
export const handle = { i18n: ["common", "accounts", "households"] };

const StartSchema = z.object({ phone: phoneField });

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ title: await pageTitle(request, "households:claim.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: StartSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const { phone } = startClaim(db(), { phone: submission.value.phone, locale: await getLocale(request), clientIp: context.clientIp });
    return redirect(`/nhan-tai-khoan/xac-nhan?${new URLSearchParams({ phone: formatPhone(phone).replace(/ /g, "") })}`);
  } catch (error) {
    return replyWithError(request, submission, error);
  }
}

export default function ClaimStart() {
  const { t } = useTranslation("households");
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "claim-start",
    lastResult: actionData?.result,
    defaultValue: { phone: searchParams.get("phone") ?? "" },
    constraint: getZodConstraint(StartSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("claim.title")}</h1>
      <p>{t("claim.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="form">
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t("claim.phone")}
          hint={t("claim.phoneHint")}
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
        />
        <SubmitButton>{t("claim.sendCode")}</SubmitButton>
      </Form>
      <p>
        <Link to="/nhan-tai-khoan/xac-nhan">{t("claim.haveCode")}</Link>
      </p>
    </section>
  );
}
