import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { allows, requireUser } from "~/accounts/access.server";
import { communeName } from "~/households/forms.server";
import { FirstSaleChecklist } from "~/households/FirstSaleChecklist";
import { householdFunnel, nextStep } from "~/households/funnel.server";
import { getHouseholdForUser } from "~/households/records.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["common", "households"] };

const STAGES = ["registered", "activated", "verified", "listed", "sold"] as const;

/** The seller's home: where the household stands in the funnel and what to do next. */
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
      funnel,
      next: nextStep(household, funnel),
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function SellerDashboard() {
  const { t } = useTranslation("households");
  const { staff, seller } = useLoaderData<typeof loader>();
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
      <FirstSaleChecklist />
      <p>
        <strong>{t("dashboard.status", { status: t(`statuses.${seller.status}`) })}</strong>
      </p>

      <h2>{t("dashboard.next")}</h2>
      <p className={seller.next === "suspended" ? "alert alert-error" : "alert alert-ok"} role="status">
        {t(`dashboard.nextSteps.${seller.next}`, { note: seller.statusNote ?? "" })}
      </p>

      <h2>{t("dashboard.progress")}</h2>
      <ol>
        {STAGES.map((stage) => (
          <li key={stage}>
            {seller.funnel[stage] ? "✓ " : "○ "}
            {t(`funnel.${stage}`)}
            <span className="visually-hidden"> ({seller.funnel[stage] ? t("funnel.done") : t("funnel.todo")})</span>
          </li>
        ))}
      </ol>

      <p>
        <Link to="/ban-hang/san-pham/moi" className="button button-block">
          {t("dashboard.addListing")}
        </Link>
      </p>
      <p>
        <Link to="/ban-hang/san-pham">{t("dashboard.myListings")}</Link> · <Link to="/ban-hang/ho-so">{t("dashboard.editProfile")}</Link>
      </p>
    </section>
  );
}
