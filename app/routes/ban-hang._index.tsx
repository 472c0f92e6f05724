import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { allows, requireUser } from "~/accounts/access.server";
import { communeName } from "~/households/forms.server";
import { FirstSaleChecklist } from "~/households/FirstSaleChecklist";
import { householdFunnel, nextStep } from "~/households/funnel.server";
import { getHouseholdForUser } from "~/households/records.server";
import { formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { farmWaitingOrders } from "~/orders/queries.server";

export const handle = { i18n: ["common", "households", "orders", "money"] };

/**
 * The seller's home: first the orders waiting for the farm (to confirm, to ship, to mark
 * delivered), then the first-sale checklist while there is one — which already shows where the
 * household stands and what to do next — and the household's state after it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const title = await pageTitle(request, "households:dashboard.title");
  const household = getHouseholdForUser(db(), user.id);
  if (!household) return json({ title, staff: allows(user, "useOfficerWorkspace"), seller: null });
  const funnel = householdFunnel(db(), household.id);
  return json({
    title,
    staff: false,
    seller: {
      displayName: household.displayName,
      communeName: communeName(db(), household.communeCode),
      status: household.status,
      statusNote: household.statusNote,
      next: nextStep(household, funnel),
      waiting: farmWaitingOrders(db(), household.id),
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function SellerDashboard() {
  const { t } = useTranslation("households");
  const { t: tMoney } = useTranslation("money");
  const { staff, seller } = useLoaderData<typeof loader>();
  const hasChecklist = Boolean(useRouteLoaderData<{ firstSale: unknown }>("routes/ban-hang")?.firstSale);
  if (!seller) {
    return (
      <section className="account-page">
        <h1>{t("dashboard.title")}</h1>
        <FirstSaleChecklist />
        {staff ? (
          <>
            <p>{t("dashboard.notFarmer")}</p>
            <p>
              <Link to="/can-bo">{t("dashboard.toOfficer")}</Link>
            </p>
          </>
        ) : (
          <>
            <p>{t("dashboard.noHousehold")}</p>
            <p>
              <Link to="/ban-hang/dang-ky" className="button button-block">
                {t("dashboard.startWizard")}
              </Link>
            </p>
          </>
        )}
      </section>
    );
  }
  return (
    <section className="account-page">
      <h1>{seller.displayName}</h1>
      <p className="muted">{seller.communeName}</p>
      {/* Orders waiting come first; a new farm with none starts with its checklist instead. */}
      {hasChecklist && seller.waiting.length === 0 ? null : <WaitingOrders groups={seller.waiting} />}
      <FirstSaleChecklist />
      <p>
        <strong>{t("dashboard.status", { status: t(`statuses.${seller.status}`) })}</strong>
      </p>
      {/* While the checklist is shown it says what comes next; after the first sale, this does. */}
      {hasChecklist ? null : (
        <p className={seller.next === "suspended" ? "alert alert-error" : "alert alert-ok"} role="status">
          {t(`dashboard.nextSteps.${seller.next}`, { note: seller.statusNote ?? "" })}
        </p>
      )}

      <p>
        <Link to="/ban-hang/san-pham/moi" className="button button-block">
          {t("dashboard.addListing")}
        </Link>
      </p>
      <p>
        <Link to="/ban-hang/san-pham">{t("dashboard.myListings")}</Link> · <Link to="/ban-hang/ho-so">{t("dashboard.editProfile")}</Link> ·{" "}
        <Link to="/ban-hang/tien">{tMoney("statement.title")}</Link>
      </p>
    </section>
  );
}

type WaitingGroup = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["seller"]>["waiting"][number];

/** What the farm has to do about its orders, step by step, each with its count and links. */
function WaitingOrders({ groups }: { groups: WaitingGroup[] }) {
  const { t } = useTranslation("households");
  const { t: to } = useTranslation("orders");
  const locale = useLocale();
  return (
    <section className="seller-waiting" aria-labelledby="seller-waiting-title">
      <h2 id="seller-waiting-title">{t("dashboard.waiting.title")}</h2>
      {groups.length === 0 ? <p className="muted">{t("dashboard.waiting.none")}</p> : null}
      {groups.map((group) => (
        <div key={group.status} className="seller-waiting-group" data-status={group.status}>
          <h3>
            <Link to={`/ban-hang/don-hang?trang-thai=${group.status}`}>{t(`dashboard.waiting.${group.status}`, { count: group.count })}</Link>
          </h3>
          <ul>
            {group.orders.map((o) => (
              <li key={o.code}>
                <Link to={`/ban-hang/don-hang/${o.code}`}>{o.code}</Link> · {o.recipientName} · {formatMoney(o.totalVnd, locale)}
                <br />
                <span className="muted">
                  {o.itemCount > 1 ? to("list.items", { first: o.firstTitle, count: o.itemCount - 1 }) : o.firstTitle}
                  {o.awaitingPayment ? ` · ${t("dashboard.waiting.awaitingPayment")}` : ""}
                </span>
              </li>
            ))}
          </ul>
          {group.count > group.orders.length ? (
            <p>
              <Link to={`/ban-hang/don-hang?trang-thai=${group.status}`}>{t("dashboard.waiting.more", { count: group.count })}</Link>
            </p>
          ) : null}
        </div>
      ))}
      <p>
        <Link to="/ban-hang/don-hang">{t("dashboard.waiting.allOrders")}</Link>
      </p>
    </section>
  );
}
