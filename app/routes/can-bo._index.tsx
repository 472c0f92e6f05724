import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireRole } from "~/accounts/permissions.server";
import { officerAreas } from "~/addresses/areas.server";
import { householdStatusCounts, listHouseholdsForOfficer } from "~/households/households.server";
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from "~/households/options";
import { formatDate } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";

export const handle = { i18n: ["common", "households"] };

const isStatus = (value: string | null): value is HouseholdStatus => (HOUSEHOLD_STATUSES as readonly string[]).includes(value ?? "");

/** Households of the officer's areas (administrators: all), filtered by status, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "officer", "admin");
  const locale = await getLocale(request);
  const params = new URL(request.url).searchParams;
  const status = isStatus(params.get("trang-thai")) ? (params.get("trang-thai") as HouseholdStatus) : null;
  const page = Number.parseInt(params.get("trang") ?? "1", 10) || 1;
  const list = listHouseholdsForOfficer(db(), user, { status, page });
  return json({
    title: await pageTitle(request, "households:officer.title"),
    isAdmin: user.role === "admin",
    areas: user.role === "admin" ? [] : officerAreas(db(), user.id).map((a) => a.name),
    status,
    counts: householdStatusCounts(db(), user),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id,
      displayName: r.displayName,
      representativeName: r.representativeName,
      phone: formatPhone(r.phone),
      status: r.status,
      communeName: r.communeName,
      cmnd: r.nationalIdKind === "cmnd",
      hasOwner: r.hasOwner,
      created: formatDate(r.createdAt, locale),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

function filterHref(status: string | null, page = 1) {
  const params = new URLSearchParams();
  if (status) params.set("trang-thai", status);
  if (page > 1) params.set("trang", String(page));
  const query = params.toString();
  return query ? `/can-bo?${query}` : "/can-bo";
}

export default function OfficerHouseholds() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const noAreas = !data.isAdmin && data.areas.length === 0;
  return (
    <section>
      <h1>{t("officer.title")}</h1>
      <p className="muted">{data.isAdmin ? t("officer.allAreas") : noAreas ? t("officer.noAreas") : t("officer.areas", { areas: data.areas.join(", ") })}</p>

      <nav aria-label={t("officer.filter")}>
        <ul className="header-nav" style={{ listStyle: "none", padding: 0 }}>
          <li>
            <Link to={filterHref(null)} aria-current={data.status === null ? "page" : undefined}>
              {data.status === null ? <strong>{t("officer.all")}</strong> : t("officer.all")}
            </Link>
          </li>
          {HOUSEHOLD_STATUSES.map((s) => (
            <li key={s}>
              <Link to={filterHref(s)} aria-current={data.status === s ? "page" : undefined}>
                {data.status === s ? <strong>{t(`statuses.${s}`)}</strong> : t(`statuses.${s}`)} ({data.counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <p>{t("officer.count", { count: data.total })}</p>
      {data.rows.length === 0 ? <p>{t("officer.empty")}</p> : null}
      <ul className="cards" style={{ listStyle: "none", padding: 0 }}>
        {data.rows.map((r) => (
          <li key={r.id} className="card">
            <h2 style={{ fontSize: "1.1rem", margin: 0 }}>
              <Link to={`/can-bo/ho/${r.id}`}>{r.displayName}</Link>
            </h2>
            <p style={{ margin: "0.25rem 0" }}>
              {r.representativeName} · {r.phone}
            </p>
            <p className="muted" style={{ margin: 0 }}>
              {r.communeName} · {t(`statuses.${r.status}`)} · {t("officer.registeredOn", { date: r.created })}
              {r.hasOwner ? null : ` · ${t("officer.noOwner")}`}
              {r.cmnd ? ` · ${t("cmndFlag")}` : null}
            </p>
          </li>
        ))}
      </ul>

      {data.pageCount > 1 ? (
        <nav aria-label={t("officer.page", { page: data.page, pages: data.pageCount })}>
          <p>
            {data.page > 1 ? <Link to={filterHref(data.status, data.page - 1)}>{t("officer.previous")}</Link> : null}{" "}
            {t("officer.page", { page: data.page, pages: data.pageCount })}{" "}
            {data.page < data.pageCount ? <Link to={filterHref(data.status, data.page + 1)}>{t("officer.next")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </section>
  );
}
