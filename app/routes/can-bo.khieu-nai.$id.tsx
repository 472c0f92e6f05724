import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { AnswerForm, DecideForm } from "~/complaints/ComplaintForms";
import { ComplaintView } from "~/complaints/ComplaintView";
import styles from "~/complaints/complaints.css";
import orderStyles from "~/orders/orders.css";
import { staffComplaintPage } from "~/complaints/pages.server";
import { answerComplaint, carryOutRemedy, decideComplaint } from "~/complaints/resolve.server";
import { FormNotice } from "~/components/ui/FormError";
import { formatDateTime } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { idParam, orErrorPage } from "~/lib/errors";
import { formError, formValues } from "~/orders/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: orderStyles }, { rel: "stylesheet", href: styles }];
export const handle = { i18n: ["common", "complaints"] };

const DONE = ["answered", "decided", "refundPending"] as const;

/** /can-bo/khieu-nai/<id>: a complaint of a farm in the officer's areas (an administrator: any), with the decision form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const page = orErrorPage(() => staffComplaintPage(db(), user, idParam(params.id)));
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: await pageTitle(request, "complaints:title"),
    ...page,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = idParam(params.id);
  orErrorPage(() => staffComplaintPage(db(), user, id));
  const values = formValues(await request.formData());
  const intent = values.intent === "answer" ? "answer" : "decide";
  try {
    if (intent === "answer") answerComplaint(db(), user, id, { agrees: values.agrees ?? "", answer: values.answer ?? "" });
    else decideComplaint(db(), user, id, { decision: values.decision ?? "", amount: values.amount ?? "", reason: values.reason ?? "" });
  } catch (error) {
    return formError(request, error, values, { intent });
  }
  // The decision is stored; a card refund that fails now is retried by the complaint job.
  try {
    await carryOutRemedy(db(), id);
  } catch (err) {
    context.log.error({ err, complaintId: id }, "complaint refund failed");
    return redirect(`/can-bo/khieu-nai/${id}?xong=refundPending`);
  }
  return redirect(`/can-bo/khieu-nai/${id}?xong=${intent === "answer" ? "answered" : "decided"}`);
}

export default function StaffComplaint() {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="orders-page complaint-page">
      <p>
        <Link to="/can-bo/khieu-nai">← {t("list.title")}</Link>
      </p>
      <h1>{t("pageTitle", { code: data.complaint.orderCode })}</h1>
      {data.done ? <FormNotice>{t(`done.${data.done}`)}</FormNotice> : null}
      <p>
        {t("view.farm", { name: data.complaint.farmName })} · {t("view.buyer", { name: data.complaint.buyerName })}
      </p>
      <ComplaintView complaint={data.complaint} />
      {data.canAnswerOnBehalf ? <AnswerForm reply={reply} onBehalf /> : null}
      {data.waitingForFarm && !data.canAnswerOnBehalf ? <p className="muted">{t("decide.waitFarm", { at: formatDateTime(new Date(data.complaint.dueAt), locale) })}</p> : null}
      {data.canDecide ? <DecideForm reply={reply} refundableVnd={data.refundableVnd} /> : null}
    </section>
  );
}
