import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { markPayoutMade, payoutHistory, payoutSummary, REFERENCE_MAX } from "~/payments/payouts.server";

export const handle = { i18n: ["common", "orders"] };

/**
 * /quan-tri/thanh-toan — the payout ledger (administrators only): what the platform owes each farm
 * for completed card-paid orders, a form per farm to record the bank transfer that paid it, the
 * latest payouts, and a link to the whole ledger as CSV (/quan-tri/thanh-toan.csv).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  const url = new URL(request.url);
  const locale = await getLocale(request);
  return json({
    referenceMax: REFERENCE_MAX,
    title: await pageTitle(request, "orders:payments.payouts.title"),
    done: url.searchParams.get("xong") === "1",
    farms: payoutSummary(db()).map((f) => ({
      householdId: f.householdId,
      displayName: f.displayName,
      bank: [f.bankName, f.bankAccountNumber, f.bankAccountName].filter(Boolean).join(" · "),
      owedVnd: f.owedVnd,
      owed: formatMoney(f.owedVnd, locale),
      orderCount: f.orderCount,
      paidOut: formatMoney(f.paidOutVnd, locale),
    })),
    history: payoutHistory(db()).map((p) => ({
      id: p.id,
      displayName: p.displayName,
      amount: formatMoney(p.amountVnd, locale),
      reference: p.reference,
      madeAt: formatDateTime(p.madeAt, locale),
      madeBy: p.madeByName ?? "",
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const PayoutSchema = z.object({
  householdId: z.coerce.number().int().positive(),
  amountVnd: z.coerce.number().int().positive(),
  reference: z.string().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "administer");
  const form = Object.fromEntries(await request.formData());
  const t = await i18nServer.getFixedT(request, "orders");
  const parsed = PayoutSchema.safeParse(form);
  if (!parsed.success) return json({ householdId: null, reference: "", error: t("payments.payouts.formInvalid") }, { status: 400 });
  const { householdId, amountVnd, reference } = parsed.data;
  try {
    markPayoutMade(db(), admin, householdId, reference, amountVnd);
    return redirect("/quan-tri/thanh-toan?xong=1", 303);
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ householdId, reference, error: message }, { status });
  }
}

export default function PayoutLedger() {
  const { t } = useTranslation("orders");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="payout-ledger">
      <h1>{t("payments.payouts.title")}</h1>
      <p>{t("payments.payouts.intro")}</p>
      {data.done ? <FormNotice>{t("payments.payouts.done")}</FormNotice> : null}
      <p>
        <Link to="/quan-tri/thanh-toan.csv" reloadDocument>
          {t("payments.payouts.csv")}
        </Link>
      </p>
      {data.farms.length === 0 ? (
        <p>{t("payments.payouts.none")}</p>
      ) : (
        <table className="payout-table">
          <thead>
            <tr>
              <th scope="col">{t("payments.payouts.farm")}</th>
              <th scope="col">{t("payments.payouts.bank")}</th>
              <th scope="col">{t("payments.payouts.owed")}</th>
              <th scope="col">{t("payments.payouts.paidOut")}</th>
              <th scope="col">{t("payments.payouts.record")}</th>
            </tr>
          </thead>
          <tbody>
            {data.farms.map((f) => {
              const mine = actionData !== undefined && actionData.householdId === f.householdId;
              const refId = `reference-${f.householdId}`;
              return (
                <tr key={f.householdId}>
                  <th scope="row">{f.displayName}</th>
                  <td>{f.bank || t("payments.payouts.noBank")}</td>
                  <td>
                    {f.owed} <small>({t("payments.payouts.orderCount", { count: f.orderCount })})</small>
                  </td>
                  <td>{f.paidOut}</td>
                  <td>
                    {f.owedVnd > 0 ? (
                      <Form method="post" className="payout-form">
                        <input type="hidden" name="householdId" value={f.householdId} />
                        <input type="hidden" name="amountVnd" value={f.owedVnd} />
                        <label htmlFor={refId}>{t("payments.payouts.reference")}</label>
                        <input
                          id={refId}
                          name="reference"
                          required
                          maxLength={data.referenceMax}
                          defaultValue={mine ? actionData.reference : ""}
                          aria-invalid={mine || undefined}
                          aria-describedby={mine ? `${refId}-error` : undefined}
                        />
                        {mine ? (
                          <p id={`${refId}-error`} className="field-error" role="alert">
                            {actionData.error}
                          </p>
                        ) : null}
                        <SubmitButton className="button">{t("payments.payouts.markPaid", { amount: f.owed })}</SubmitButton>
                      </Form>
                    ) : (
                      t("payments.payouts.settled")
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {actionData && actionData.householdId === null ? (
        <p className="alert alert-error" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <h2>{t("payments.payouts.history")}</h2>
      {data.history.length === 0 ? (
        <p>{t("payments.payouts.noHistory")}</p>
      ) : (
        <table className="payout-table">
          <thead>
            <tr>
              <th scope="col">{t("payments.payouts.madeAt")}</th>
              <th scope="col">{t("payments.payouts.farm")}</th>
              <th scope="col">{t("payments.payouts.amount")}</th>
              <th scope="col">{t("payments.payouts.reference")}</th>
              <th scope="col">{t("payments.payouts.madeBy")}</th>
            </tr>
          </thead>
          <tbody>
            {data.history.map((p) => (
              <tr key={p.id}>
                <td>{p.madeAt}</td>
                <td>{p.displayName}</td>
                <td>{p.amount}</td>
                <td>{p.reference}</td>
                <td>{p.madeBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
