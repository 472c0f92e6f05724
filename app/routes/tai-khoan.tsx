import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { allows } from "~/accounts/access";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { requireUser } from "~/accounts/access.server";
import { changePassword, updateProfile } from "~/accounts/profile.server";
import { ChangePasswordSchema, ProfileSchema } from "~/accounts/schemas";
import { Field, SelectField } from "~/components/ui/Field";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { localeCookie } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

export const handle = { i18n: ["common", "accounts"] };

const DONE = ["profile", "password", "phone"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const done = new URL(request.url).searchParams.get("done");
  return json({
    title: await pageTitle(request, "accounts:account.title"),
    user: { name: user.name, phone: formatPhone(user.phone), role: user.role, locale: user.locale },
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** Both forms act on the signed-in user only: no user id is read from the form. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("intent") === "password") {
    const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
    const hideFields = ["currentPassword", "newPassword"];
    if (submission.status !== "success") return json({ intent: "password" as const, result: submission.reply({ hideFields }) }, { status: 400 });
    try {
      await changePassword(db(), user.id, { ...submission.value, keepSessionId: user.sessionId });
      return redirect("/tai-khoan?done=password");
    } catch (error) {
      return replyWithError(request, submission, error, { hideFields, extra: { intent: "password" as const } });
    }
  }
  const submission = parseWithZod(formData, { schema: ProfileSchema });
  if (submission.status !== "success") return json({ intent: "profile" as const, result: submission.reply() }, { status: 400 });
  try {
    const updated = updateProfile(db(), user.id, submission.value);
    // The interface follows the account's language from now on.
    return redirect("/tai-khoan?done=profile", { headers: { "Set-Cookie": await localeCookie.serialize(updated.locale) } });
  } catch (error) {
    return replyWithError(request, submission, error, { extra: { intent: "profile" as const } });
  }
}

export default function Account() {
  const { t } = useTranslation("accounts");
  const { t: tc } = useTranslation("common");
  const { user, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [profileForm, profile] = useForm({
    id: "profile",
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    defaultValue: { name: user.name, locale: user.locale },
    constraint: getZodConstraint(ProfileSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const [passwordForm, password] = useForm({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
    constraint: getZodConstraint(ChangePasswordSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  return (
    <section className="account-page">
      <h1>{t("account.title")}</h1>
      {done === "profile" ? <FormNotice>{t("account.profileSaved")}</FormNotice> : null}
      {done === "password" ? <FormNotice>{t("account.passwordChanged")}</FormNotice> : null}
      {done === "phone" ? <FormNotice>{t("account.phoneChanged")}</FormNotice> : null}
      <dl>
        <dt>{t("account.phone")}</dt>
        <dd>
          {user.phone} · <Link to="/tai-khoan/doi-so-dien-thoai">{t("account.changePhone")}</Link>
        </dd>
        <dt>{t("account.role")}</dt>
        <dd>{tc(`roles.${user.role}`)}</dd>
      </dl>
      <p>
        <Link to="/tai-khoan/canh-bao-gia">{t("account.priceAlerts")}</Link>
      </p>
      {allows(user, "useOfficerWorkspace") ? (
        <p>
          <Link to="/quan-ly/dat-lai-mat-khau">{t("account.staffReset")}</Link>
        </p>
      ) : null}

      <h2>{t("account.profileHeading")}</h2>
      <Form method="post" {...getFormProps(profileForm)} className="form">
        <input type="hidden" name="intent" value="profile" />
        <FormError id={profileForm.errorId} errors={profileForm.errors} />
        <Field
          label={t("fields.name")}
          errors={profile.name.errors}
          inputProps={{ ...getInputProps(profile.name, { type: "text" }), autoComplete: "name" }}
        />
        <SelectField
          label={t("fields.locale")}
          errors={profile.locale.errors}
          selectProps={getSelectProps(profile.locale)}
          options={[
            { value: "vi", label: tc("language.vi"), lang: "vi" },
            { value: "en", label: tc("language.en"), lang: "en" },
          ]}
        />
        <SubmitButton intent="profile">
          {t("account.saveProfile")}
        </SubmitButton>
      </Form>

      <h2>{t("account.passwordHeading")}</h2>
      <Form method="post" {...getFormProps(passwordForm)} className="form">
        <input type="hidden" name="intent" value="password" />
        <FormError id={passwordForm.errorId} errors={passwordForm.errors} />
        <Field
          label={t("fields.currentPassword")}
          errors={password.currentPassword.errors}
          inputProps={{ ...getInputProps(password.currentPassword, { type: "password" }), autoComplete: "current-password" }}
        />
        <Field
          label={t("fields.newPassword")}
          hint={t("fields.passwordHint")}
          errors={password.newPassword.errors}
          inputProps={{ ...getInputProps(password.newPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <SubmitButton intent="password">
          {t("account.passwordSubmit")}
        </SubmitButton>
      </Form>
    </section>
  );
}
