import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { codeField, nameField, newPasswordField, phoneField } from "~/accounts/schemas";
import { createUserSession, getSessionUser } from "~/accounts/session.server";
import { Field } from "~/components/ui/Field";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import {
  claimableHouseholds,
  claimAccountState,
  clearClaimTicket,
  CLAIM_TICKET_MINUTES,
  completeClaim,
  readClaimTicket,
  serializeClaimTicket,
  verifyClaimCode,
} from "~/households/claim.server";
import { landingAfterPhoneConfirmed } from "~/households/first-sale.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone, normalizePhone } from "~/lib/phone";
import { mergeCartAtLogin } from "~/orders/cart.server";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

/**
 * Account hand-over, steps 2 and 3 (/nhan-tai-khoan/xac-nhan). Without a proven phone the page asks
 * for phone + code (from the SMS, or read out by the officer). A correct code leaves a signed
 * ticket cookie; with it the page names the households waiting on that phone and finishes the
 * claim: a new account (name, password), a password-less one completed, or the signed-in one.
 * Every step is a plain form post.
 */
export const handle = { i18n: ["common", "accounts", "households"] };

const SELF = "/nhan-tai-khoan/xac-nhan";

const CodeSchema = z.object({ intent: z.literal("code"), phone: phoneField, code: codeField });

const ClaimSchema = z.object({
  intent: z.literal("claim"),
  householdId: z.coerce
    .number({ required_error: "households:claim.errors.householdRequired", invalid_type_error: "households:claim.errors.householdRequired" })
    .int()
    .positive("households:claim.errors.householdRequired"),
  name: nameField.optional(),
  password: newPasswordField.optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const title = await pageTitle(request, "households:claim.title");
  const ticket = await readClaimTicket(request);
  const user = await getSessionUser(request);
  if (!ticket) {
    const phone = normalizePhone(new URL(request.url).searchParams.get("phone"));
    return json({ title, mode: "code" as const, phone: phone.ok ? formatPhone(phone.e164) : null, finish: null });
  }
  const households = claimableHouseholds(db(), ticket.phone, ticket.householdId);
  return json({
    title,
    mode: "finish" as const,
    phone: formatPhone(ticket.phone),
    finish: {
      households,
      state: claimAccountState(db(), ticket, user),
      signedIn: user ? { name: user.name, phone: formatPhone(user.phone) } : null,
      minutes: CLAIM_TICKET_MINUTES,
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "restart") {
    return redirect("/nhan-tai-khoan", { headers: { "Set-Cookie": await clearClaimTicket() } });
  }
  if (intent === "claim") {
    const submission = parseWithZod(formData, { schema: ClaimSchema });
    if (submission.status !== "success") {
      return json({ intent: "claim" as const, result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
    }
    try {
      const signedIn = await getSessionUser(request);
      const { user } = await completeClaim(db(), {
        ticket: await readClaimTicket(request),
        householdId: submission.value.householdId,
        signedIn,
        name: submission.value.name,
        password: submission.value.password,
        locale: await getLocale(request),
      });
      await mergeCartAtLogin(request, user.id);
      // The claimed household's owner lands on the first-sale checklist, like a farmer who signed up.
      const response = await createUserSession(request, user.id, landingAfterPhoneConfirmed(user, null));
      response.headers.append("Set-Cookie", await clearClaimTicket());
      return response;
    } catch (error) {
      return replyWithError(request, submission, error, { hideFields: ["password"], hiddenFields: ["householdId"], extra: { intent: "claim" as const } });
    }
  }
  const submission = parseWithZod(formData, { schema: CodeSchema });
  if (submission.status !== "success") return json({ intent: "code" as const, result: submission.reply() }, { status: 400 });
  try {
    const ticket = verifyClaimCode(db(), submission.value);
    return redirect(SELF, { headers: { "Set-Cookie": await serializeClaimTicket(ticket) } });
  } catch (error) {
    return replyWithError(request, submission, error, { extra: { intent: "code" as const } });
  }
}

export default function ClaimConfirm() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="account-page">
      {data.mode === "finish" && data.finish ? (
        <FinishStep phone={data.phone} finish={data.finish} actionData={actionData?.intent === "claim" ? actionData : undefined} />
      ) : (
        <>
          <h1>{t("claim.codeTitle")}</h1>
          <p>{data.phone ? t("claim.codeIntro", { phone: data.phone }) : t("claim.codeIntroNoPhone")}</p>
          {/* A claim sent after the ticket ran out lands here: say why. */}
          {actionData?.intent === "claim" ? <FormError errors={actionData.result.error?.[""] ?? null} /> : null}
          <CodeStep phone={data.phone} actionData={actionData?.intent === "code" ? actionData : undefined} />
          <p>
            <Link to={data.phone ? `/nhan-tai-khoan?${new URLSearchParams({ phone: data.phone.replace(/ /g, "") })}` : "/nhan-tai-khoan"}>
              {t("claim.askAgain")}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

type Reply = { result: SubmissionResult<string[]> };

function CodeStep({ phone, actionData }: { phone: string | null; actionData: Reply | undefined }) {
  const { t } = useTranslation("households");
  const [form, fields] = useForm({
    id: "claim-code",
    lastResult: actionData?.result,
    defaultValue: { phone: phone ?? "" },
    constraint: getZodConstraint(CodeSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <input type="hidden" name="intent" value="code" />
      <FormError id={form.errorId} errors={form.errors} />
      <Field
        label={t("claim.phone")}
        errors={fields.phone.errors}
        inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel", inputMode: "tel" }}
      />
      <Field
        label={t("claim.code")}
        hint={t("claim.codeHint")}
        errors={fields.code.errors}
        inputProps={{ ...getInputProps(fields.code, { type: "text" }), autoComplete: "one-time-code", inputMode: "numeric", maxLength: 7 }}
      />
      <SubmitButton intent="code">{t("claim.checkCode")}</SubmitButton>
    </Form>
  );
}

type Finish = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["finish"]>;

function FinishStep({ phone, finish, actionData }: { phone: string; finish: Finish; actionData: Reply | undefined }) {
  const { t } = useTranslation("households");
  const { t: tc } = useTranslation("common");
  const [form, fields] = useForm({
    id: "claim-finish",
    lastResult: actionData?.result,
    defaultValue: { name: finish.households[0]?.representativeName ?? "" },
    constraint: getZodConstraint(ClaimSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ClaimSchema }),
  });
  const { households, state } = finish;
  const needsPassword = state === "new" || state === "passwordless";
  const blocked = state === "loginFirst" || state === "phoneAccountHasHousehold" || state === "signedInHasHousehold" || state === "staff";
  const restart = (
    <Form method="post">
      <button type="submit" name="intent" value="restart" className="button button-secondary">
        {t("claim.startOver")}
      </button>
    </Form>
  );
  const line = (h: Finish["households"][number]) =>
    t("claim.householdLine", { name: h.displayName, representative: h.representativeName, commune: h.communeName });

  if (households.length === 0) {
    return (
      <>
        <h1>{t("claim.finishTitle")}</h1>
        <p className="alert alert-error" role="alert">
          {t("claim.nothingLeft")}
        </p>
        {restart}
      </>
    );
  }
  return (
    <>
      <h1>{t("claim.finishTitle")}</h1>
      <p className="alert alert-ok" role="status">
        {t("claim.proven", { phone })}
      </p>
      {blocked ? (
        <>
          <p className="alert alert-error" role="alert">
            {state === "loginFirst"
              ? t("claim.loginFirst", { phone })
              : state === "phoneAccountHasHousehold"
                ? t("claim.phoneAccountHasHousehold", { phone, minutes: finish.minutes })
                : state === "staff"
                  ? t("claim.staff")
                  : t("claim.signedInHasHousehold")}
          </p>
          {state === "loginFirst" || state === "phoneAccountHasHousehold" ? (
            <p>
              <Link className="button" to={`/dang-nhap?${new URLSearchParams({ redirectTo: SELF })}`}>
                {t("claim.loginLink")}
              </Link>{" "}
              {state === "phoneAccountHasHousehold" ? (
                <Link to={`/dang-ky?${new URLSearchParams({ redirectTo: SELF })}`}>{t("claim.signupLink")}</Link>
              ) : null}
            </p>
          ) : (
            <Form method="post" action="/dang-xuat">
              <button type="submit" className="button button-secondary">
                {tc("nav.logout")}
              </button>
            </Form>
          )}
          {restart}
        </>
      ) : (
        <>
          <Form method="post" {...getFormProps(form)} className="form">
            <input type="hidden" name="intent" value="claim" />
            <FormError id={form.errorId} errors={form.errors} />
            {households.length === 1 ? (
              <>
                <input type="hidden" name="householdId" value={households[0].id} />
                <p>
                  {t("claim.yourHousehold")}: <strong>{line(households[0])}</strong>
                </p>
              </>
            ) : (
              <fieldset className="field choice-field" aria-invalid={fields.householdId.errors ? true : undefined}>
                <legend>{t("claim.chooseHousehold")}</legend>
                <p className="field-hint">{t("claim.chooseHint")}</p>
                {households.map((h) => (
                  <label key={h.id} className="choice">
                    <input type="radio" name="householdId" value={h.id} required defaultChecked={fields.householdId.initialValue === String(h.id)} />
                    <span>{line(h)}</span>
                  </label>
                ))}
                {fields.householdId.errors ? <FormError errors={fields.householdId.errors} /> : null}
              </fieldset>
            )}
            {households.some((h) => h.verified) ? <p className="muted">{t("verification.claimNote")}</p> : null}
            {state === "signedIn" && finish.signedIn ? <p>{t("claim.signedInAs", finish.signedIn)}</p> : null}
            {state === "passwordless" ? <p>{t("claim.passwordless", { phone })}</p> : null}
            {state === "new" ? (
              <Field
                label={t("claim.name")}
                hint={t("claim.nameHint")}
                errors={fields.name.errors}
                inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name", required: true }}
              />
            ) : null}
            {needsPassword ? (
              <Field
                label={t("claim.password")}
                hint={t("claim.passwordHint")}
                errors={fields.password.errors}
                inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password", required: true }}
              />
            ) : null}
            <SubmitButton intent="claim">{needsPassword ? t("claim.submit") : t("claim.submitSignedIn")}</SubmitButton>
          </Form>
          {restart}
        </>
      )}
    </>
  );
}
