import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import styles from "~/activity/activity.css";
import { activityActors, isActivityAction, listActivity } from "~/activity/activity.server";
import { ACTIVITY_ACTIONS } from "~/activity/actions";
import { describeActivity } from "~/activity/present.server";
import { Field, SelectField } from "~/components/ui/Field";
import { formatDateTime } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { isCalendarDay, startOfDayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["common", "activity", "households", "listings", "orders"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

type Translate = (key: string, options?: Record<string, unknown>) => string;

const PARAMS = { actor: "nguoi", action: "viec", from: "tu", to: "den", page: "trang" } as const;

interface LogQuery {
  actor: string;
  action: string;
  from: string;
  to: string;
  page: number;
}

function href(query: LogQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.actor) params.set(PARAMS.actor, query.actor);
  if (query.action) params.set(PARAMS.action, query.action);
  if (query.from) params.set(PARAMS.from, query.from);
  if (query.to) params.set(PARAMS.to, query.to);
  if (page > 1) params.set(PARAMS.page, String(page));
  const search = params.toString();
  return search ? `/quan-tri/nhat-ky?${search}` : "/quan-tri/nhat-ky";
}

/**
 * /quan-tri/nhat-ky — the activity log (administrators only; officers get the 403 page): what each
 * officer did, newest first, filtered by person, action and dates (Vietnam's calendar days) in
 * one GET form, so it works without JavaScript; pages of 50.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  const locale = await getLocale(request);
  const params = new URL(request.url).searchParams;
  const actorId = Number.parseInt(params.get(PARAMS.actor) ?? "", 10);
  const action = params.get(PARAMS.action);
  const from = params.get(PARAMS.from) ?? "";
  const to = params.get(PARAMS.to) ?? "";
  const page = Number.parseInt(params.get(PARAMS.page) ?? "1", 10);
  const query: LogQuery = {
    actor: Number.isSafeInteger(actorId) && actorId > 0 ? String(actorId) : "",
    action: isActivityAction(action) ? action : "",
    from: isCalendarDay(from) ? from : "",
    to: isCalendarDay(to) ? to : "",
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
  const list = listActivity(db(), {
    actorUserId: query.actor ? Number(query.actor) : null,
    action: isActivityAction(query.action) ? query.action : null,
    from: query.from ? startOfDayInVietnam(query.from) : null,
    // "to" is the whole of that day in Vietnam.
    to: query.to ? startOfDayInVietnam(query.to, 1) : null,
    page: query.page,
  });
  const t = (await i18nServer.getFixedT(request, ["activity", "households", "listings", "orders"])) as unknown as Translate;
  return json({
    title: await pageTitle(request, "activity:title"),
    query: { ...query, page: list.page },
    actors: activityActors(db()).map((a) => ({ id: String(a.id), label: `${a.name || t("activity:unknownUser", { id: a.id })} (${t(`activity:roles.${a.role}`)})` })),
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => {
      const { action: actionText, details } = describeActivity(r, t, locale);
      return {
        id: r.id,
        at: formatDateTime(r.at, locale),
        atIso: r.at.toISOString(),
        actor: r.actorUserId === null ? t("activity:system") : r.actorName || t("activity:unknownUser", { id: r.actorUserId }),
        action: actionText,
        household:
          r.householdId === null
            ? null
            : { id: r.householdId, name: r.householdName ?? t("activity:householdGone", { id: r.householdId }), exists: r.householdName !== null },
        commune: r.communeName,
        details,
      };
    }),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function ActivityLog() {
  const { t } = useTranslation("activity");
  const data = useLoaderData<typeof loader>();
  const { query } = data;
  const filtered = Boolean(query.actor || query.action || query.from || query.to);
  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>

      <Form method="get" action="/quan-tri/nhat-ky" aria-label={t("filters.title")} className="form" style={{ maxWidth: "none" }}>
        <div className="activity-filters">
          <SelectField
            label={t("filters.actor")}
            selectProps={{ id: "log-actor", name: PARAMS.actor, defaultValue: query.actor }}
            options={[{ value: "", label: t("filters.allActors") }, ...data.actors.map((a) => ({ value: a.id, label: a.label }))]}
          />
          <SelectField
            label={t("filters.action")}
            selectProps={{ id: "log-action", name: PARAMS.action, defaultValue: query.action }}
            options={[{ value: "", label: t("filters.allActions") }, ...ACTIVITY_ACTIONS.map((a) => ({ value: a, label: t(`actions.${a}`) }))]}
          />
          <Field label={t("filters.from")} inputProps={{ id: "log-from", name: PARAMS.from, type: "date", defaultValue: query.from }} />
          <Field label={t("filters.to")} inputProps={{ id: "log-to", name: PARAMS.to, type: "date", defaultValue: query.to }} />
        </div>
        <p style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center" }}>
          <button type="submit" className="button">
            {t("filters.apply")}
          </button>
          {filtered ? <Link to="/quan-tri/nhat-ky">{t("filters.clear")}</Link> : null}
        </p>
      </Form>

      <p role="status">{t("count", { count: data.total })}</p>
      {data.rows.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="activity-table">
          <thead>
            <tr>
              <th scope="col">{t("columns.at")}</th>
              <th scope="col">{t("columns.actor")}</th>
              <th scope="col">{t("columns.action")}</th>
              <th scope="col">{t("columns.household")}</th>
              <th scope="col">{t("columns.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t("columns.at")}>
                  <time dateTime={r.atIso}>{r.at}</time>
                </td>
                <td data-label={t("columns.actor")}>{r.actor}</td>
                <td data-label={t("columns.action")}>{r.action}</td>
                <td data-label={t("columns.household")}>
                  {r.household ? r.household.exists ? <Link to={`/can-bo/ho/${r.household.id}`}>{r.household.name}</Link> : r.household.name : "—"}
                  {r.commune ? <div className="muted">{r.commune}</div> : null}
                </td>
                <td data-label={t("columns.detail")}>
                  {r.details.length > 0 ? (
                    <ul>
                      {r.details.map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data.pageCount > 1 ? (
        <nav aria-label={t("page", { page: data.page, pages: data.pageCount })}>
          <p>
            {data.page > 1 ? <Link to={href(query, data.page - 1)}>{t("previous")}</Link> : null} {t("page", { page: data.page, pages: data.pageCount })}{" "}
            {data.page < data.pageCount ? <Link to={href(query, data.page + 1)}>{t("next")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </section>
  );
}
