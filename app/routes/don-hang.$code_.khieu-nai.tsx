import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { ComplaintPhotoInput } from "~/complaints/ComplaintPhotoInput";
import { RemedyFields } from "~/complaints/ComplaintForms";
import { ComplaintView } from "~/complaints/ComplaintView";
import styles from "~/complaints/complaints.css";
import orderStyles from "~/orders/orders.css";
import { complaintOfOrder, openComplaint, withdrawComplaint } from "~/complaints/complaints.server";
import { complaintFormData, complaintView } from "~/complaints/pages.server";
import { storeComplaintPhotos } from "~/complaints/photos.server";
import { COMPLAINT_REASONS, MAX_COMPLAINT_PHOTOS } from "~/complaints/rules";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { i18nServer } from "~/i18n/i18n.server";
import { formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { isMultipart, readPhotoUpload } from "~/listings/upload.server";
import { formError } from "~/orders/forms.server";
import { requireOrderView } from "~/orders/queries.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: orderStyles }, { rel: "stylesheet", href: styles }];
export const handle = { i18n: ["common", "complaints", "listings"], islands: ["photos"] };

const DONE = ["opened", "withdrawn"] as const;

/** /don-hang/<code>/khieu-nai for the order's buyer: the complaint form, or the complaint's state. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "buyer");
  const t = await i18nServer.getFixedT(request, "complaints");
  const existing = complaintOfOrder(db(), detail.order.id);
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: `${t("pageTitle", { code: detail.order.code })} — Chợ Nông Sản`,
    code: detail.order.code,
    complaint: existing ? complaintView(db(), existing, detail.order, detail.farm.name) : null,
    form: existing ? null : complaintFormData(db(), detail.order),
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "buyer");
  const back = (done: string) => redirect(`/don-hang/${detail.order.code}/khieu-nai?xong=${done}`);
  let fields: Record<string, string> = {};
  try {
    if (!isMultipart(request)) {
      const form = await request.formData();
      fields = { intent: String(form.get("intent") ?? "") };
      const existing = complaintOfOrder(db(), detail.order.id);
      if (fields.intent === "withdraw" && existing) {
        withdrawComplaint(db(), user, existing.id);
        return back("withdrawn");
      }
      return redirect(`/don-hang/${detail.order.code}/khieu-nai`);
    }
    const upload = await readPhotoUpload(request);
    fields = upload.fields;
    const input = { reason: fields.reason ?? "", description: fields.description ?? "", remedy: fields.remedy ?? "", amount: fields.amount ?? "" };
    const photos = await storeComplaintPhotos(upload.files, upload.oversized);
    openComplaint(db(), user, detail.order.id, input, photos);
    return back("opened");
  } catch (error) {
    const { intent, ...values } = fields;
    return formError(request, error, values, { intent: intent ?? "open" });
  }
}

export default function BuyerComplaint() {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply ? [reply.errors.form, ...Object.values(reply.errors.fields)].filter((e): e is string => Boolean(e)) : null;
  const fieldError = (name: string) => (reply?.errors.fields[name] ? <p className="field-error" id={`${name}-error`}>{reply.errors.fields[name]}</p> : null);
  const value = (name: string) => reply?.values[name] ?? "";
  const form = data.form;
  return (
    <section className="orders-page complaint-page">
      <p>
        <Link to={`/don-hang/${data.code}`}>{t("backToOrder", { code: data.code })}</Link>
      </p>
      <h1>{t("pageTitle", { code: data.code })}</h1>
      {data.done ? <FormNotice>{t(`done.${data.done}`)}</FormNotice> : null}
      {data.complaint ? (
        <>
          <ComplaintView complaint={data.complaint} />
          {["open", "answered", "escalated"].includes(data.complaint.status) ? (
            <details className="order-danger">
              <summary>{t("withdraw.title")}</summary>
              <Form method="post" className="form">
                {reply?.intent === "withdraw" ? <FormError errors={errors} /> : null}
                <p>{t("withdraw.help")}</p>
                <SubmitButton name="intent" value="withdraw" intent="withdraw" className="button button-secondary button-block">
                  {t("withdraw.submit")}
                </SubmitButton>
              </Form>
            </details>
          ) : null}
        </>
      ) : form && !form.eligible ? (
        <p role="status">{t(`errors.${form.why as "windowClosed"}`, { days: form.days })}</p>
      ) : form ? (
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          <p>{t("intro")}</p>
          <FormError errors={reply?.errors.form ? [reply.errors.form] : null} />
          <div className="field">
            <label htmlFor="reason">{t("form.reason")}</label>
            <select id="reason" name="reason" defaultValue={value("reason")} aria-invalid={Boolean(reply?.errors.fields.reason) || undefined}>
              <option value="">{t("form.choose")}</option>
              {COMPLAINT_REASONS.filter((r) => !form.reasons || form.reasons.includes(r)).map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.${r}`)}
                </option>
              ))}
            </select>
            {fieldError("reason")}
          </div>
          <div className="field">
            <label htmlFor="description">{t("form.description")}</label>
            <textarea id="description" name="description" rows={4} maxLength={2000} defaultValue={value("description")} aria-describedby="description-help" />
            <p className="hint" id="description-help">
              {t("form.descriptionHelp")}
            </p>
            {fieldError("description")}
          </div>
          <div className="field">
            <ComplaintPhotoInput label={t("form.photos", { max: MAX_COMPLAINT_PHOTOS })} />
            {fieldError("photos")}
          </div>
          <RemedyFields
            name="remedy"
            legend={t("form.remedy")}
            labelOf={(r) => t(`remedies.${r}`)}
            amountLabel={t("form.amount")}
            amountHelp={t("form.amountHelp", { max: formatMoney(form.refundableVnd, locale) })}
            helpId="amount-help"
            value={value}
            fieldError={fieldError}
          />
          <SubmitButton name="intent" value="open" intent="open">
            {t("form.submit")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
