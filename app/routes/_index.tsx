import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/i18n/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "common");
  return json({ title: `${t("appName")} — ${t("tagline")}`, description: t("meta.description") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  { name: "description", content: data?.description },
];

export default function Home() {
  const { t } = useTranslation();
  useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p className="lead">{t("home.intro")}</p>
        <p>
          <Link to="/dang-ky" className="button">
            {t("home.startSelling")}
          </Link>
        </p>
      </section>
      <section className="cards" aria-label={t("appName")}>
        <article className="card">
          <h2>{t("home.forBuyers")}</h2>
          <p>{t("home.forBuyersText")}</p>
        </article>
        <article className="card">
          <h2>{t("home.forFarmers")}</h2>
          <p>{t("home.forFarmersText")}</p>
        </article>
        <article className="card">
          <h2>{t("home.forOfficers")}</h2>
          <p>{t("home.forOfficersText")}</p>
        </article>
      </section>
    </>
  );
}
