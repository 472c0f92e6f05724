import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ExtraAttributes } from "~/households/ExtraAttributes";
import { errorText, pageTitle, replyWithError } from "~/accounts/forms.server";
import { authorize, mayManageHousehold, requireAllowed } from "~/accounts/access.server";
import { getUserById } from "~/accounts/users.server";
import { Field } from "~/components/ui/Field";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { consentSourceParts } from "~/households/consent";
import { findBankByBin } from "~/households/banks.server";
import { isClaimable, issueClaimCodeByOfficer } from "~/households/claim.server";
import { communeName } from "~/households/forms.server";
import { nationalIdFor } from "~/households/records.server";
import { listHouseholdEvents, reinstateHousehold, suspendHousehold, verificationOf, verifyHousehold } from "~/households/lifecycle.server";
import { getHousehold } from "~/households/records.server";
import { ReinstateSchema, SuspendSchema, VerifySchema } from "~/households/schemas";
import { VerificationSummary, VerifyHouseholdForm } from "~/households/VerifyHousehold";
import { formatDate, formatDateTime, formatMoney } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { formatPhone } from "~/lib/phone";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

export const handle = { i18n: ["common", "households"] };

const INTENTS = ["verify", "suspend", "reinstate"] as const;
type Intent = (typeof INTENTS)[number];

/**
 * Staff first (anyone else gets 403 without learning whether the id exists), then the household,
 * then the officer's area: an officer cannot open another area's household by changing the id.
 */
async function load(request: Request, idParam: string | undefined) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = Number(idParam);
  const household = Number.isInteger(id) && id > 0 ? getHousehold(db(), id) : undefined;
  if (!household) throw notFound();
  authorize(mayManageHousehold(db(), user, household));
  return { user, household };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, household: h } = await load(request, params.id);
  const locale = await getLocale(request);
  const owner = h.ownerUserId ? getUserById(db(), h.ownerUserId) : undefined;
  const done = new URL(request.url).searchParams.get("xong");
  const bank = h.bankBin ? findBankByBin(h.bankBin) : undefined;
  const fee = (v: number | null) => (v === null ? null : formatMoney(v, locale));
  const tHouseholds = (await i18nServer.getFixedT(request, "households")) as unknown as (key: string, params?: object) => string;
  const consentSourceText = (source: string | null) => {
    const parts = consentSourceParts(source);
    return "text" in parts ? parts.text : tHouseholds(parts.key, { batch: parts.batch });
  };
  return json({
    title: await pageTitle(request, "households:officer.title"),
    household: {
      id: h.id,
      kind: h.kind,
      displayName: h.displayName,
      representativeName: h.representativeName,
      phone: formatPhone(h.phone),
      nationalId: nationalIdFor(db(), h, user),
      cmnd: h.nationalIdKind === "cmnd",
      communeName: communeName(db(), h.communeCode),
      addressLine: h.addressLine,
      mainProducts: h.mainProducts,
      farmAreaM2: h.farmAreaM2,
      certifications: h.certifications,
      bank: bank ? `${bank.shortName} · ${h.bankAccountNumber ?? ""}${h.bankAccountName ? ` · ${h.bankAccountName}` : ""}` : null,
      delivery: {
        pickup: h.delivery.pickup,
        feeCommune: fee(h.delivery.feeCommune),
        feeProvince: fee(h.delivery.feeProvince),
        feeElsewhere: fee(h.delivery.feeElsewhere),
        freeAbove: fee(h.delivery.freeAbove),
      },
      status: h.status,
      extraAttributes: h.extraAttributes,
      statusNote: h.statusNote,
      owner: owner ? `${owner.name} · ${formatPhone(owner.phone)}` : null,
      verification: ((v) => (v ? { officerName: v.officerName, date: formatDate(v.at, locale), method: v.method } : null))(verificationOf(db(), h)),
      consent: h.consentAt ? `${formatDateTime(h.consentAt, locale)} · ${consentSourceText(h.consentSource)}` : null,
    },
    events: listHouseholdEvents(db(), h.id).map((e) => ({
      id: e.id,
      from: e.fromStatus,
      to: e.toStatus,
      // A registration's note is its consent record ("import:12:batch" from an import): worded the same way.
      note: e.fromStatus === null && e.note ? consentSourceText(e.note) : e.note,
      actorName: e.actorName,
      handover: e.kind === "handover",
      at: formatDateTime(e.at, locale),
    })),
    done: (INTENTS as readonly string[]).includes(done ?? "") ? (done as Intent) : null,
    // Hand-over: only a household registered by staff that no one has claimed yet (verified or not).
    claimable: isClaimable(h),
    claimUrl: `${new URL(request.url).origin}/nhan-tai-khoan/xac-nhan`,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, household } = await load(request, params.id);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = (i: Intent) => redirect(`/can-bo/ho/${household.id}?xong=${i}`);
  if (intent === "claimCode") {
    // The code is shown in this response only (never in a URL, never stored in clear).
    const locale = await getLocale(request);
    try {
      const given = issueClaimCodeByOfficer(db(), user, household.id);
      return json({ intent: "claimCode" as const, code: given.code, expiresAt: formatDateTime(given.expiresAt, locale), error: null });
    } catch (error) {
      const { message, status } = await errorText(request, error);
      return json({ intent: "claimCode" as const, code: null, expiresAt: null, error: message }, { status });
    }
  }
  if (intent === "suspend") {
    const submission = parseWithZod(formData, { schema: SuspendSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      suspendHousehold(db(), user, household.id, submission.value.reason);
      return back("suspend");
    } catch (error) {
      return replyWithError(request, submission, error, { extra: { intent } });
    }
  }
  if (intent === "reinstate") {
    const submission = parseWithZod(formData, { schema: ReinstateSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      reinstateHousehold(db(), user, household.id, submission.value.note);
      return back("reinstate");
    } catch (error) {
      return replyWithError(request, submission, error, { extra: { intent } });
    }
  }
  const submission = parseWithZod(formData, { schema: VerifySchema });
  if (submission.status !== "success") return json({ intent: "verify" as const, result: submission.reply() }, { status: 400 });
  try {
    verifyHousehold(db(), user, household.id, { method: submission.value.method, note: submission.value.note });
    return back("verify");
  } catch (error) {
    return replyWithError(request, submission, error, { extra: { intent: "verify" as const } });
  }
}

export default function OfficerHousehold() {
  const { t } = useTranslation("households");
  const { household: h, events, done, claimable, claimUrl } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const claim = reply && "code" in reply ? reply : null;
  const actionData = reply && "result" in reply ? reply : undefined;
  const status = (s: string | null) => (s ? t(`statuses.${s as "registered"}`) : t("officer.created"));
  return (
    <section className="account-page">
      <p>
        <Link to="/can-bo">← {t("officer.back")}</Link>
      </p>
      <h1>{t("officer.detailTitle", { name: h.displayName })}</h1>
      {done ? <FormNotice>{t(`officer.done.${done}`)}</FormNotice> : null}
      <p>
        <strong>{t(`statuses.${h.status}`)}</strong>
        {h.statusNote ? ` — ${h.statusNote}` : null}
      </p>
      {h.verification ? <VerificationSummary verification={h.verification} /> : null}

      <h2>{t("officer.profile")}</h2>
      <dl>
        <dt>{t("fields.kind")}</dt>
        <dd>{t(`kinds.${h.kind}`)}</dd>
        <dt>{t("fields.representativeName")}</dt>
        <dd>{h.representativeName}</dd>
        <dt>{t("fields.phone")}</dt>
        <dd>{h.phone}</dd>
        <dt>{t("fields.nationalId")}</dt>
        <dd>
          {h.nationalId ?? t("officer.none")}
          {h.cmnd ? <strong className="field-error"> — {t("cmndFlag")}</strong> : null}
        </dd>
        <dt>{t("sections.address")}</dt>
        <dd>
          {h.addressLine ? `${h.addressLine}, ` : ""}
          {h.communeName}
        </dd>
        <dt>{t("fields.mainProducts")}</dt>
        <dd>{h.mainProducts || t("officer.none")}</dd>
        <dt>{t("fields.farmAreaM2")}</dt>
        <dd>{h.farmAreaM2 ?? t("officer.none")}</dd>
        <dt>{t("fields.certifications")}</dt>
        <dd>{h.certifications.length ? h.certifications.map((c) => t(`certifications.${c}`)).join(", ") : t("officer.none")}</dd>
        <dt>{t("sections.bank")}</dt>
        <dd>{h.bank ?? t("officer.none")}</dd>
        <dt>{t("sections.delivery")}</dt>
        <dd>
          {h.delivery.pickup ? <>{t("fields.pickup")}<br /></> : null}
          {(["feeCommune", "feeProvince", "feeElsewhere", "freeAbove"] as const).map((k) =>
            h.delivery[k] !== null ? (
              <span key={k}>
                {t(`fields.${k}`)}: {h.delivery[k]}
                <br />
              </span>
            ) : null,
          )}
        </dd>
        <dt>{t("officer.owner")}</dt>
        <dd>{h.owner ?? t("officer.noOwner")}</dd>
        {h.consent ? (
          <>
            <dt>{t("officer.consent")}</dt>
            <dd>{h.consent}</dd>
          </>
        ) : null}
      </dl>
      <ExtraAttributes attributes={h.extraAttributes} />

      <h2>{t("officer.onBehalf.title")}</h2>
      <p className="muted">{t("officer.onBehalf.text")}</p>
      <p className="button-row">
        <Link className="button button-secondary" to={`/ban-hang/san-pham?ho=${h.id}`}>
          {t("officer.onBehalf.listings")}
        </Link>
        <Link className="button button-secondary" to={`/ban-hang/san-pham/moi?ho=${h.id}`}>
          {t("officer.onBehalf.newListing")}
        </Link>
      </p>

      <p>
        {/* A file download: a plain link, not a client-side navigation. */}
        <a href={`/can-bo/ho/${h.id}/du-lieu`} download>
          {t("privacy.officerExport")}
        </a>
      </p>

      {claimable ? (
        <>
          <h2>{t("claim.officer.title")}</h2>
          <p>{t("claim.officer.text", { phone: h.phone })}</p>
          {claim?.code ? (
            <div className="alert alert-ok" role="status">
              <p>{t("claim.officer.codeLabel")}:</p>
              <p>
                <strong data-testid="claim-code" style={{ fontSize: "2rem", letterSpacing: "0.25em" }}>
                  {claim.code}
                </strong>
              </p>
              <p>{t("claim.officer.codeHint", { time: claim.expiresAt, url: claimUrl })}</p>
            </div>
          ) : null}
          {claim?.error ? <FormError errors={[claim.error]} /> : null}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="claimCode" />
            <SubmitButton intent="claimCode" className="button button-secondary button-block">
              {t("claim.officer.give")}
            </SubmitButton>
          </Form>
        </>
      ) : null}

      {h.status === "registered" || h.status === "activated" ? (
        <VerifyHouseholdForm lastResult={actionData?.intent === "verify" ? actionData.result : undefined} />
      ) : null}
      {h.status === "suspended" ? (
        <NoteForm intent="reinstate" title={t("officer.reinstateTitle")} label={t("fields.note")} submit={t("officer.reinstate")} actionData={actionData} />
      ) : (
        <NoteForm
          intent="suspend"
          title={t("officer.suspendTitle")}
          text={t("officer.suspendText")}
          label={t("fields.reason")}
          submit={t("officer.suspend")}
          actionData={actionData}
          secondary
        />
      )}

      <h2>{t("officer.events")}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            {e.at}: {e.handover ? t("verification.handover") : t("officer.eventLine", { from: status(e.from), to: status(e.to) })}
            {e.actorName ? ` ${t("officer.by", { name: e.actorName })}` : null}
            {e.note ? ` — ${e.note}` : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

type ActionData = { intent: string; result: SubmissionResult<string[]> } | undefined;

function NoteForm({
  intent,
  title,
  text,
  label,
  submit,
  actionData,
  secondary,
}: {
  intent: "suspend" | "reinstate";
  title: string;
  text?: string;
  label: string;
  submit: string;
  actionData: ActionData;
  secondary?: boolean;
}) {
  const schema = intent === "suspend" ? SuspendSchema : ReinstateSchema;
  const field = intent === "suspend" ? "reason" : "note";
  const [form, fields] = useForm<{ intent: string; note?: string; reason?: string }>({
    id: intent,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    constraint: getZodConstraint(schema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const meta = field === "reason" ? fields.reason : fields.note;
  return (
    <>
      <h2>{title}</h2>
      {text ? <p>{text}</p> : null}
      <Form method="post" {...getFormProps(form)} className="form">
        <input type="hidden" name="intent" value={intent} />
        <FormError id={form.errorId} errors={form.errors} />
        <Field label={label} errors={meta.errors} inputProps={getInputProps(meta, { type: "text" })} />
        <SubmitButton intent={intent} className={secondary ? "button button-secondary button-block" : undefined}>
          {submit}
        </SubmitButton>
      </Form>
    </>
  );
}
