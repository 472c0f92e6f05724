import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import styles from "~/payments/money.css";
import { createPayoutRun, listPayoutRuns, markRunPaid, payoutOverview } from "~/payments/payout-runs.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "money"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /quan-tri/thanh-toan — payout runs (administrators only): each farm's balance, what is held back
 * and what is payable now (or why not), a button that starts a run, and each run's bank file and
 * "mark paid" (once). A farm's statement is one link away (/ban-hang/tien?ho=<id>).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  const url = new URL(request.url);
  const locale = await getLocale(request);
  const money = (vnd: number) => formatMoney(vnd, locale);
  return json({
    title: await pageTitle(request, "money:payouts.title"),
    notice: url.searchParams.get("xong"),
    farms: payoutOverview(db()).map((f) => ({
      householdId: f.householdId,
      displayName: f.displayName,
      bank: [f.bankShortName, f.bankAccountNumber, f.bankAccountName].filter(Boolean).join(" · "),
      balance: money(f.balanceVnd),
      held: money(f.heldVnd),
      pending: f.pendingVnd > 0 ? money(f.pendingVnd) : null,
      payable: money(f.payableVnd),
      reason: f.reason,
    })),
    runs: listPayoutRuns(db()).map((r) => ({
      id: r.id,
      status: r.status,
      total: money(r.totalVnd),
      farmCount: r.farmCount,
      createdAt: formatDateTime(r.createdAt, locale),
      paidAt: r.paidAt ? formatDateTime(r.paidAt, locale) : null,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "administer");
  const form = await request.formData();
  try {
    if (form.get("intent") === "run") {
      const run = createPayoutRun(db(), admin);
      return redirect(`/quan-tri/thanh-toan?xong=${run ? "created" : "nothing"}`, 303);
    }
    const runId = Number(form.get("runId"));
    if (form.get("intent") !== "paid" || !Number.isSafeInteger(runId) || runId <= 0) {
      return json({ runId: null, error: "invalid" as const }, { status: 400 });
    }
    markRunPaid(db(), admin, runId);
    return redirect("/quan-tri/thanh-toan?xong=paid", 303);
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ runId: Number(form.get("runId")) || null, error: message }, { status });
  }
}

const NOTICES = { created: "payouts.created", nothing: "payouts.nothingToRun", paid: "payouts.markedPaid" } as const;

export default function PayoutRuns() {
  const { t } = useTranslation("money");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const notice = data.notice && data.notice in NOTICES ? NOTICES[data.notice as keyof typeof NOTICES] : null;
  const actionError = actionData ? (actionData.error === "invalid" ? t("payouts.errors.formInvalid") : actionData.error) : null;
  return (
    <section className="payout-runs">
      <h1>{t("payouts.title")}</h1>
      <p>{t("payouts.intro")}</p>
      {notice ? <FormNotice>{t(notice)}</FormNotice> : null}
      {actionError ? (
        <p className="alert alert-error" role="alert">
          {actionError}
        </p>
      ) : null}

      <h2>{t("payouts.farms")}</h2>
      {data.farms.length === 0 ? (
        <p>{t("payouts.none")}</p>
      ) : (
        <ScrollRegion label={t("payouts.farms")}>
          <table className="payout-table">
            <thead>
              <tr>
                <th scope="col">{t("payouts.farm")}</th>
                <th scope="col">{t("payouts.balance")}</th>
                <th scope="col">{t("payouts.held")}</th>
                <th scope="col">{t("payouts.payable")}</th>
                <th scope="col">{t("payouts.bank")}</th>
              </tr>
            </thead>
            <tbody>
              {data.farms.map((f) => (
                <tr key={f.householdId}>
                  <th scope="row">
                    <Link to={`/ban-hang/tien?ho=${f.householdId}`}>{f.displayName}</Link>
                  </th>
                  <td>{f.balance}</td>
                  <td>{f.held}</td>
                  <td>
                    {f.payable}
                    {f.pending ? <small> ({t("payouts.pending", { amount: f.pending })})</small> : null}
                  </td>
                  <td>
                    {f.bank || null}
                    {f.reason ? <small className="muted"> {t(`payouts.reason.${f.reason}`)}</small> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="run" />
        <SubmitButton className="button">{t("payouts.createRun")}</SubmitButton>
      </Form>

      <h2>{t("payouts.runs")}</h2>
      {data.runs.length === 0 ? (
        <p>{t("payouts.noRuns")}</p>
      ) : (
        <ul className="payout-run-list">
          {data.runs.map((r) => (
            <li key={r.id} id={`dot-${r.id}`}>
              <h3>{t("payouts.runTitle", { id: r.id })}</h3>
              <p>
                {t("payouts.runSummary", { total: r.total, count: r.farmCount, at: r.createdAt })} · {t(`payouts.status.${r.status}`)}
                {r.paidAt ? ` · ${r.paidAt}` : null}
              </p>
              <p>
                <Link to={`/quan-tri/thanh-toan.csv?dot=${r.id}`} reloadDocument>
                  {t("payouts.download")}
                </Link>
              </p>
              {r.status === "open" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="paid" />
                  <input type="hidden" name="runId" value={r.id} />
                  <SubmitButton className="button">{t("payouts.markPaid", { id: r.id })}</SubmitButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
