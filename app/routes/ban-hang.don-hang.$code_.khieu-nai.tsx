import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { AnswerForm } from "~/complaints/ComplaintForms";
import { ComplaintView } from "~/complaints/ComplaintView";
import styles from "~/complaints/complaints.css";
import orderStyles from "~/orders/orders.css";
import { complaintOfOrder } from "~/complaints/complaints.server";
import { complaintView } from "~/complaints/pages.server";
import { answerComplaint, carryOutRemedy } from "~/complaints/resolve.server";
import { FormNotice } from "~/components/ui/FormError";
import { i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { formError, formValues } from "~/orders/forms.server";
import { requireOrderView } from "~/orders/queries.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: orderStyles }, { rel: "stylesheet", href: styles }];
export const handle = { i18n: ["common", "complaints"] };

const DONE = ["answered", "refundPending"] as const;

/** The farm's side of a complaint about one of its orders: what the buyer says, and the answer form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "farm");
  const complaint = complaintOfOrder(db(), detail.order.id);
  if (!complaint) throw notFound();
  const t = await i18nServer.getFixedT(request, "complaints");
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: `${t("pageTitle", { code: detail.order.code })} — Chợ Nông Sản`,
    code: detail.order.code,
    complaint: complaintView(db(), complaint, detail.order, detail.farm.name),
    canAnswer: complaint.status === "open" && complaint.level === "farm",
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { detail } = requireOrderView(db(), user, params.code, "farm");
  const complaint = complaintOfOrder(db(), detail.order.id);
  if (!complaint) throw notFound();
  const form = await request.formData();
  const values = formValues(form);
  const back = (done: string) => redirect(`/ban-hang/don-hang/${detail.order.code}/khieu-nai?xong=${done}`);
  try {
    answerComplaint(db(), user, complaint.id, { agrees: values.agrees ?? "", answer: values.answer ?? "" });
  } catch (error) {
    return formError(request, error, values, { intent: "answer" });
  }
  // The answer is stored; a card refund that fails now is retried by the complaint job.
  try {
    await carryOutRemedy(db(), complaint.id);
  } catch (err) {
    context.log.error({ err, complaintId: complaint.id }, "complaint refund failed");
    return back("refundPending");
  }
  return back("answered");
}

export default function FarmComplaint() {
  const { t } = useTranslation("complaints");
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="orders-page complaint-page">
      <p>
        <Link to={`/ban-hang/don-hang/${data.code}`}>{t("backToOrder", { code: data.code })}</Link>
      </p>
      <h1>{t("pageTitle", { code: data.code })}</h1>
      {data.done ? <FormNotice>{t(`done.${data.done}`)}</FormNotice> : null}
      <ComplaintView complaint={data.complaint} />
      {data.canAnswer ? <AnswerForm reply={reply} onBehalf={false} /> : null}
    </section>
  );
}
