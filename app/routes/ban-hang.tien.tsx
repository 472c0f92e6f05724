import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import styles from "~/payments/money.css";
import { farmStatement } from "~/payments/statement.server";
import { statementHouseholdFor } from "~/payments/statement-page.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "money"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /ban-hang/tien — the farm's statement: what the platform holds for it, what is held back and what
 * is payable now, its entries newest first (with the order each belongs to) and its payouts; a CSV
 * of every entry. Administrators (and staff for an unclaimed household) reach it with ?ho=<id>.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household, onBehalf, query } = await statementHouseholdFor(db(), request);
  const locale = await getLocale(request);
  const money = (vnd: number) => formatMoney(vnd, locale);
  const statement = farmStatement(db(), household.id);
  return json({
    title: await pageTitle(request, "money:statement.title"),
    farmName: household.displayName,
    onBehalf,
    csvHref: `/ban-hang/tien.csv${query}`,
    balance: money(statement.money.balanceVnd),
    held: money(statement.money.heldVnd),
    pending: statement.money.pendingVnd > 0 ? money(statement.money.pendingVnd) : null,
    payable: money(statement.money.payableVnd),
    entries: statement.entries.map((e) => ({
      id: e.id,
      at: formatDateTime(e.at, locale),
      kind: e.kind,
      orderCode: e.orderCode,
      amount: money(e.amountVnd),
      negative: e.amountVnd < 0,
    })),
    payouts: statement.payouts.map((p) => ({ id: p.id, amount: money(p.amountVnd), reference: p.reference, at: formatDateTime(p.madeAt, locale), paid: p.paid })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function FarmStatement() {
  const { t } = useTranslation("money");
  const data = useLoaderData<typeof loader>();
  return (
    <section className="account-page farm-statement">
      <h1>{t("statement.title")}</h1>
      <p className="muted">{data.farmName}</p>
      {data.onBehalf ? <p className="alert alert-ok">{t("statement.onBehalf", { farm: data.farmName })}</p> : null}
      <p>{t("statement.intro")}</p>
      <dl className="statement-figures">
        <dt>{t("statement.balance")}</dt>
        <dd data-testid="balance">{data.balance}</dd>
        <dt>{t("statement.held")}</dt>
        <dd>{data.held}</dd>
        {data.pending ? (
          <>
            <dt>{t("statement.pending")}</dt>
            <dd>{data.pending}</dd>
          </>
        ) : null}
        <dt>{t("statement.payable")}</dt>
        <dd data-testid="payable">{data.payable}</dd>
      </dl>
      <p>
        <Link to={data.csvHref} reloadDocument>
          {t("statement.csv")}
        </Link>
      </p>

      <h2>{t("statement.entries")}</h2>
      {data.entries.length === 0 ? (
        <p className="muted">{t("statement.empty")}</p>
      ) : (
        <ScrollRegion label={t("statement.entries")}>
          <table className="statement-table">
            <thead>
              <tr>
                <th scope="col">{t("statement.at")}</th>
                <th scope="col">{t("statement.what")}</th>
                <th scope="col">{t("statement.order")}</th>
                <th scope="col">{t("statement.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.at}</td>
                  <td>{t(`kind.${e.kind}`)}</td>
                  <td>{e.orderCode ?? ""}</td>
                  <td className={e.negative ? "amount-out" : "amount-in"}>{e.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>{t("statement.payouts")}</h2>
      {data.payouts.length === 0 ? (
        <p className="muted">{t("statement.noPayouts")}</p>
      ) : (
        <ul className="statement-payouts">
          {data.payouts.map((p) => (
            <li key={p.id}>
              {p.at} · {p.amount} · {t("statement.reference")}: {p.reference} · {p.paid ? t("statement.paid") : t("statement.notPaidYet")}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
