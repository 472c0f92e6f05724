import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FirstSaleChecklist as Checklist, FirstSaleStep } from "./first-sale";

/** The layout route that reads the checklist (routes/ban-hang.tsx). */
const SECTION_ROUTE = "routes/ban-hang";

type Action = "createProfile" | "completeProfile" | "openProfile" | "addListing" | "openListing" | "openOrders" | "openOrder";

function actionOf(step: FirstSaleStep): Action {
  switch (step.key) {
    case "profile":
      return step.situation === "start" ? "createProfile" : step.situation === "incomplete" ? "completeProfile" : "openProfile";
    case "verification":
      return step.situation === "needsHousehold" ? "createProfile" : "openProfile";
    case "listing":
      return step.situation === "needsHousehold" ? "createProfile" : step.situation === "none" ? "addListing" : "openListing";
    case "firstOrder":
      return "openOrders";
    case "delivery":
      return step.situation === "open" ? "openOrder" : "openOrders";
  }
}

/**
 * The steps to a farmer's first sale, at the top of the seller home until an order is delivered:
 * every step links to where it is done, the current one says what is needed (and, while an officer
 * is what the farmer waits for, who and where). Renders nothing when there is no checklist.
 */
export function FirstSaleChecklist() {
  const { t } = useTranslation("households");
  const data = useRouteLoaderData<{ firstSale: Checklist | null }>(SECTION_ROUTE);
  const checklist = data?.firstSale;
  if (!checklist) return null;
  const done = checklist.steps.filter((s) => s.state === "done").length;
  return (
    <section className="first-sale" aria-labelledby="first-sale-title">
      <h2 id="first-sale-title">{t("firstSale.title")}</h2>
      <p className="muted">{t("firstSale.progress", { done, total: checklist.steps.length })}</p>
      <ol className="first-sale-steps">
        {checklist.steps.map((step, index) => (
          <li key={step.key} className={`first-sale-step is-${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
            <span className="first-sale-mark" aria-hidden="true">
              {step.state === "done" ? "✓" : index + 1}
            </span>
            <div className="first-sale-body">
              <Link to={step.href} className="first-sale-title">
                {t(`firstSale.steps.${step.key}.title`)}
              </Link>
              <span className="visually-hidden"> ({t(`firstSale.states.${step.state}`)})</span>
              {step.state === "current" ? <StepDetail step={step} checklist={checklist} /> : null}
              {step.key === "profile" && step.state !== "current" && checklist.suggestBank ? (
                <p className="muted">{t("firstSale.bankHint")}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function StepDetail({ step, checklist }: { step: FirstSaleStep; checklist: Checklist }) {
  const { t } = useTranslation("households");
  const commune = checklist.communeName ?? "";
  const text =
    step.key === "profile" && step.situation === "incomplete"
      ? t("firstSale.steps.profile.incomplete", { fields: checklist.missing.map((g) => t(`firstSale.gaps.${g}`)).join(", ") })
      : step.key === "verification" && step.situation === "suspended"
        ? t("firstSale.steps.verification.suspended", { reason: checklist.suspendedReason ?? "" })
        : t(`firstSale.steps.${step.key}.${step.situation}` as "firstSale.steps.profile.start", { commune });
  const waitsForOfficer = step.key === "verification" && (step.situation === "pending" || step.situation === "suspended");
  return (
    <div className="first-sale-detail">
      <p className={step.situation === "suspended" ? "alert alert-error" : undefined} role={step.situation === "suspended" ? "alert" : undefined}>
        {text}
      </p>
      {step.key === "profile" && checklist.suggestBank ? <p className="muted">{t("firstSale.bankHint")}</p> : null}
      {step.key === "verification" && step.situation === "suspended" ? <p>{t("firstSale.suspendedWhat")}</p> : null}
      {step.key === "verification" && step.situation === "pending" && checklist.needsNationalId ? <p>{t("firstSale.nationalIdHint")}</p> : null}
      {waitsForOfficer ? <Officers checklist={checklist} /> : null}
      {step.key === "listing" && !checklist.canPublish && step.situation !== "needsHousehold" ? <p className="muted">{t("firstSale.notVerifiedYet")}</p> : null}
      <p>
        <Link to={step.href} className="button button-block">
          {t(`firstSale.actions.${actionOf(step)}`)}
        </Link>
      </p>
    </div>
  );
}

function Officers({ checklist }: { checklist: Checklist }) {
  const { t } = useTranslation("households");
  if (checklist.officers.length === 0) return <p className="muted">{t("firstSale.noOfficer", { commune: checklist.communeName ?? "" })}</p>;
  return (
    <>
      <h3 className="first-sale-officers-title">{t("firstSale.officersTitle")}</h3>
      <ul className="first-sale-officers">
        {checklist.officers.map((o) => (
          <li key={`${o.name}-${o.phone}`}>
            <strong>{o.name}</strong> <a href={`tel:${o.phone.replace(/ /g, "")}`}>{o.phone}</a>
            <br />
            <span className="muted">{t("firstSale.officerArea", { area: o.areaName })}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
