import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { staffComplaints } from "~/complaints/pages.server";
import { formatDateTime } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["common", "complaints"] };

/** /can-bo/khieu-nai: complaints about orders of farms in the officer's areas (an administrator: all), those due first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const all = new URL(request.url).searchParams.get("xem") === "tat-ca";
  return json({ title: await pageTitle(request, "complaints:list.title"), all, rows: staffComplaints(db(), user, { all }) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function StaffComplaints() {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  const { rows, all } = useLoaderData<typeof loader>();
  return (
    <section className="orders-page complaint-list">
      <h1>{t("list.title")}</h1>
      <p className="muted">{t("list.intro")}</p>
      <Form method="get" className="form form-inline">
        <div className="field">
          <label htmlFor="xem">{t("list.show")}</label>
          <select id="xem" name="xem" defaultValue={all ? "tat-ca" : ""}>
            <option value="">{t("list.pending")}</option>
            <option value="tat-ca">{t("list.all")}</option>
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("list.filter")}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <ul className="order-list">
          {rows.map((row) => (
            <li key={row.id}>
              <Link to={`/can-bo/khieu-nai/${row.id}`}>
                <strong>{row.orderCode}</strong> · {row.farmName} ({row.communeName})
              </Link>
              <br />
              {t(`reasons.${row.reason}`)} · {t(`status.${row.status}`)}
              {["open", "answered", "escalated"].includes(row.status) ? (
                <>
                  {" "}
                  · {t("list.due")}: {formatDateTime(new Date(row.dueAt), locale)} ({t(`level.${row.level}`)})
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
