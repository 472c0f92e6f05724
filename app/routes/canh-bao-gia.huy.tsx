import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { removeAlerts, unsubscribeTarget } from "~/alerts/alerts.server";
import { verifyUnsubscribe } from "~/alerts/signing.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";

/**
 * Stopping a price alert from the link in its message, without logging in: the link is signed
 * (app/alerts/signing.server.ts). Opening it only asks (link previews and scanners open links);
 * the button removes.
 */
export const handle = { i18n: ["common", "alerts"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const k = url.searchParams.get("k");
  const s = url.searchParams.get("s");
  const title = await pageTitle(request, "alerts:unsubscribe.title");
  const scope = verifyUnsubscribe(k, s);
  if (!scope) return json({ title, state: "bad" as const, k: "", s: "", commodity: null }, { status: 400 });
  const target = unsubscribeTarget(db(), scope);
  if (target === null) return json({ title, state: "gone" as const, k: "", s: "", commodity: null });
  const locale = await getLocale(request);
  const commodity = target === "all" ? null : locale === "vi" ? target.nameVi : target.nameEn;
  return json({ title, state: "ask" as const, k: k!, s: s!, commodity });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const scope = verifyUnsubscribe(String(form.get("k") ?? ""), String(form.get("s") ?? ""));
  if (!scope) return json({ done: false }, { status: 400 });
  removeAlerts(db(), scope);
  return json({ done: true });
}

export default function Unsubscribe() {
  const { t } = useTranslation("alerts");
  const d = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  let body;
  if (done) body = <p role="status">{done.done ? t("unsubscribe.done") : t("unsubscribe.bad")}</p>;
  else if (d.state === "bad") body = <p role="alert">{t("unsubscribe.bad")}</p>;
  else if (d.state === "gone") body = <p>{t("unsubscribe.gone")}</p>;
  else
    body = (
      <Form method="post" className="form">
        <p>{d.commodity ? t("unsubscribe.confirmOne", { commodity: d.commodity }) : t("unsubscribe.confirmAll")}</p>
        <input type="hidden" name="k" value={d.k} />
        <input type="hidden" name="s" value={d.s} />
        <button type="submit" className="button">
          {t("unsubscribe.submit")}
        </button>
      </Form>
    );
  return (
    <section>
      <h1>{t("unsubscribe.title")}</h1>
      {body}
      <p>
        <Link to="/tai-khoan/canh-bao-gia">{t("unsubscribe.manage")}</Link>
      </p>
    </section>
  );
}
