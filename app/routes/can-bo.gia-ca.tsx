import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatMoney } from "~/i18n/format";
import { todayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { errorResponse, forbidden } from "~/lib/errors";
import {
  dailySheet,
  entryMarkets,
  entryPriceType,
  isOldEntryDate,
  saveDailySheet,
  type RowCheck,
} from "~/prices/entry.server";
import { parseDate } from "~/prices/import.server";
import styles from "~/prices/prices.css";
import { dateLabel } from "~/prices/ui";
import { useLocale } from "~/i18n/use-locale";

export const handle = { i18n: ["common", "prices"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The market and date asked for, limited to the officer's markets and to days up to today. */
function pick(
  markets: ReturnType<typeof entryMarkets>,
  search: { market: string | null; date: string | null }
) {
  const market = search.market
    ? markets.find((m) => m.slug === search.market)
    : markets[0];
  const today = todayInVietnam();
  const parsed = search.date ? parseDate(search.date) : today;
  return { market, date: parsed && parsed <= today ? parsed : null, today };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "enterPrices");
  const url = new URL(request.url);
  const markets = entryMarkets(db(), user);
  const { market, date, today } = pick(markets, {
    market: url.searchParams.get("market"),
    date: url.searchParams.get("date"),
  });
  if (url.searchParams.get("market") && !market) throw forbidden();
  const saved = Number(url.searchParams.get("saved")) || null;
  const sheet = market && date ? dailySheet(db(), market.id, date) : [];
  // Where the entries show: the board and each commodity's page, for this market and this price type
  // (a retail market's entries are retail prices; the pages default to wholesale).
  const type = market ? entryPriceType(market) : null;
  const view = (path: string) =>
    `${path}?${new URLSearchParams({
      market: market?.slug ?? "",
      type: type ?? "",
    })}`;
  const links = market
    ? {
        type,
        board: view("/gia-ca"),
        commodities: sheet
          .filter((r) => r.entered)
          .map((r) => ({
            slug: r.slug,
            nameVi: r.nameVi,
            nameEn: r.nameEn,
            href: view(`/gia-ca/${r.slug}`),
          })),
      }
    : null;
  return json({
    title: await pageTitle(request, "prices:entry.title"),
    markets: markets.map((m) => ({ slug: m.slug, name: m.name })),
    market: market ? { slug: market.slug, name: market.name } : null,
    date: date ?? today,
    badDate: date === null,
    today,
    sheet,
    saved,
    links,
    oldDate: date !== null && isOldEntryDate(date, today),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "enterPrices");
  const form = await request.formData();
  const markets = entryMarkets(db(), user);
  const marketSlug = String(form.get("market") ?? "");
  const { market, date } = pick(markets, {
    market: marketSlug,
    date: String(form.get("date") ?? ""),
  });
  if (!market)
    throw marketSlug
      ? forbidden()
      : errorResponse(400, "prices:entry.errors.unknownMarket");
  if (!date) throw errorResponse(400, "prices:entry.errors.badDate");
  const sheet = dailySheet(db(), market.id, date);
  const values: Record<string, string> = {};
  const rows = sheet.map((r) => {
    const field = (f: string) => {
      const v = String(form.get(`${f}-${r.commodityId}`) ?? "");
      values[`${f}-${r.commodityId}`] = v;
      return v;
    };
    const confirmed = form.get(`confirm-${r.commodityId}`) === "yes";
    if (confirmed) values[`confirm-${r.commodityId}`] = "yes";
    return {
      commodityId: r.commodityId,
      unit: r.unit,
      min: field("min"),
      max: field("max"),
      avg: field("avg"),
      confirmed,
    };
  });
  // The second step for a date more than a week back (a hidden field, so it works without JavaScript).
  const dateConfirmed = form.get("confirm") === "1";
  if (dateConfirmed) values.confirm = "1";
  try {
    const result = saveDailySheet(db(), {
      marketId: market.id,
      date,
      rows,
      userId: user.id,
      dateConfirmed,
    });
    if (result.status === "saved") {
      return redirect(
        `/can-bo/gia-ca?${new URLSearchParams({
          market: market.slug,
          date,
          saved: String(result.saved),
        })}`
      );
    }
    const oldDate = result.status === "confirm" && result.oldDate;
    return json(
      {
        status: result.status,
        checks: result.checks,
        values,
        oldDate,
        error: null as string | null,
      },
      { status: 400 }
    );
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json(
      {
        status: "error" as const,
        checks: [] as RowCheck[],
        values,
        oldDate: false,
        error: message as string | null,
      },
      { status }
    );
  }
}

export default function OfficerPriceEntry() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const tk = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  const unitWord = (u: string) =>
    (tc as unknown as (k: string) => string)(`units.${u}`);
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const checks = new Map((a?.checks ?? []).map((c) => [c.commodityId, c]));
  const value = (key: string, fallback: number | undefined) =>
    a ? a.values[key] ?? "" : fallback !== undefined ? String(fallback) : "";
  const money = (v: number) => formatMoney(v, locale);
  return (
    <section>
      <h1>{t("entry.title")}</h1>
      <p>{t("entry.intro")}</p>
      {d.saved ? (
        <FormNotice>{t("entry.saved", { count: d.saved })}</FormNotice>
      ) : null}
      {d.links && d.links.commodities.length > 0 ? (
        <nav className="entry-links" aria-labelledby="entry-links-title">
          <h2 id="entry-links-title">
            {t("entry.whereShown", { type: t(`priceTypes.${d.links.type!}`) })}
          </h2>
          <ul>
            <li>
              <a href={d.links.board}>
                {t("entry.boardLink", { market: d.market!.name })}
              </a>
            </li>
            {d.links.commodities.map((c) => (
              <li key={c.slug}>
                <a href={c.href}>{locale === "vi" ? c.nameVi : c.nameEn}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {d.markets.length === 0 ? (
        <p>{t("entry.noMarkets")}</p>
      ) : (
        <Form method="get" className="date-form">
          <label>
            {t("entry.market")}
            <select name="market" defaultValue={d.market?.slug}>
              {d.markets.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("entry.date")}
            <input
              type="date"
              name="date"
              defaultValue={d.date}
              max={d.today}
              required
            />
          </label>
          <button type="submit" className="button button-secondary">
            {t("entry.open")}
          </button>
        </Form>
      )}
      {d.badDate ? (
        <div className="alert alert-error" role="alert">
          <p>{t("entry.errors.badDate")}</p>
        </div>
      ) : null}

      {d.market && d.sheet.length > 0 ? (
        <Form method="post" className="form" key={`${d.market.slug}-${d.date}`}>
          <h2>
            {t("entry.sheetFor", {
              market: d.market.name,
              date: dateLabel(d.date, locale),
            })}
          </h2>
          <input type="hidden" name="market" value={d.market.slug} />
          <input type="hidden" name="date" value={d.date} />
          {a?.status === "confirm" && a.oldDate ? (
            <div className="alert alert-error" role="alert">
              <p>
                {t("entry.oldDateAlert", { date: dateLabel(d.date, locale) })}
              </p>
            </div>
          ) : d.oldDate && !a ? (
            <p className="field-hint">
              {t("entry.oldDateNote", { date: dateLabel(d.date, locale) })}
            </p>
          ) : null}
          {a?.oldDate || a?.values.confirm === "1" ? (
            <input type="hidden" name="confirm" value="1" />
          ) : null}
          {a?.status === "confirm" &&
          a.checks.some((c) => Object.keys(c.flags).length > 0) ? (
            <div className="alert alert-error" role="alert">
              <p>{t("entry.confirmAlert")}</p>
            </div>
          ) : null}
          {a?.status === "invalid" ? (
            <div className="alert alert-error" role="alert">
              <p>{t("entry.invalidAlert")}</p>
            </div>
          ) : null}
          {a?.error ? (
            <div className="alert alert-error" role="alert">
              <p>{a.error}</p>
            </div>
          ) : null}
          {d.sheet.map((r) => {
            const check = checks.get(r.commodityId);
            const flagged = check && Object.keys(check.flags).length > 0;
            const name = locale === "vi" ? r.nameVi : r.nameEn;
            const id = r.commodityId;
            const hintId = `hint-${id}`;
            const problemId = `problem-${id}`;
            const described =
              check?.error || flagged ? `${hintId} ${problemId}` : hintId;
            const flagWord =
              check && Object.values(check.flags).includes("high")
                ? "entry.flagHigh"
                : "entry.flagLow";
            return (
              <fieldset
                key={id}
                className={`entry-row${flagged ? " flagged" : ""}${
                  check?.error ? " invalid" : ""
                }`}
              >
                <legend>{name}</legend>
                <p id={hintId} className="field-hint">
                  {t("entry.unitNote", { unit: unitWord(r.unit) })} ·{" "}
                  {r.median !== null
                    ? t("entry.median", { value: money(r.median) })
                    : t("entry.noMedian")}
                </p>
                <input type="hidden" name={`unit-${id}`} value={r.unit} />
                <div className="entry-inputs">
                  {(["min", "avg", "max"] as const).map((f) => (
                    <label key={f}>
                      {t(`columns.${f}`)}
                      <input
                        name={`${f}-${id}`}
                        inputMode="numeric"
                        autoComplete="off"
                        defaultValue={value(
                          `${f}-${id}`,
                          r.entered ? r.entered[`${f}Vnd`] : undefined
                        )}
                        aria-invalid={
                          Boolean(check?.error || check?.flags[f]) || undefined
                        }
                        aria-describedby={described}
                      />
                    </label>
                  ))}
                </div>
                {check?.error ? (
                  <p id={problemId} className="field-error">
                    {tk(check.error.replace(/^prices:/, ""))}
                  </p>
                ) : null}
                {flagged && check ? (
                  <>
                    <p id={problemId} className="flag">
                      {tk(flagWord, {
                        median:
                          check.median !== null ? money(check.median) : "—",
                      })}
                    </p>
                    <label className="confirm">
                      <input
                        type="checkbox"
                        name={`confirm-${id}`}
                        value="yes"
                        defaultChecked={a?.values[`confirm-${id}`] === "yes"}
                      />
                      {t("entry.confirm", { name })}
                    </label>
                  </>
                ) : null}
              </fieldset>
            );
          })}
          <SubmitButton>
            {a?.status === "confirm" && a.oldDate
              ? t("entry.saveOldDate", { date: dateLabel(d.date, locale) })
              : a?.status === "confirm"
              ? t("entry.saveConfirmed")
              : t("entry.save")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
