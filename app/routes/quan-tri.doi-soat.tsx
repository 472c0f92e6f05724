import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { discardImportUpload, readImportUpload } from "~/imports/upload.server";
import { db } from "~/lib/db.server";
import styles from "~/payments/money.css";
import { importCarrierRemittance } from "~/payments/carrier-remittance.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "money"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Reconciliation files are a few thousand rows at most. */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * /quan-tri/doi-soat — an administrator uploads a carrier's COD reconciliation file; the page says
 * how many rows matched, how many entries were new, and lists the rows that matched no parcel.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  return json({
    title: await pageTitle(request, "money:reconciliation.title"),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "administer");
  const upload = await readImportUpload(request, MAX_BYTES);
  if (!upload.file)
    return json(
      {
        result: null,
        error: {
          key: upload.problem === "type" ? "unreadable" : "noFile",
          text: null,
        },
      } as const,
      { status: 400 },
    );
  try {
    const result = await importCarrierRemittance(db(), admin, {
      path: upload.file.path,
    });
    return json({ result, error: null });
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ result: null, error: { key: null, text: message } }, { status });
  } finally {
    await discardImportUpload(upload.file);
  }
}

export default function CarrierReconciliation() {
  const { t } = useTranslation("money");
  const data = useActionData<typeof action>();
  const error = data?.error ? (data.error.key ? t(`reconciliation.errors.${data.error.key}`) : data.error.text) : null;
  const result = data?.result ?? null;
  return (
    <section className="carrier-reconciliation">
      <h1>{t("reconciliation.title")}</h1>
      <p>{t("reconciliation.intro")}</p>
      <Form method="post" encType="multipart/form-data">
        <label htmlFor="file">{t("reconciliation.file")}</label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,.xlsx"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "file-error" : undefined}
        />
        {error ? (
          <p id="file-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <SubmitButton className="button">{t("reconciliation.upload")}</SubmitButton>
      </Form>
      {result ? (
        <>
          <FormNotice>
            {t("reconciliation.done", {
              rows: result.rows,
              matched: result.matched,
              added: result.added,
            })}
          </FormNotice>
          {result.unmatched.length > 0 ? (
            <>
              <h2>{t("reconciliation.unmatched")}</h2>
              <ScrollRegion label={t("reconciliation.unmatched")}>
                <table className="payout-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("reconciliation.row")}</th>
                      <th scope="col">{t("reconciliation.tracking")}</th>
                      <th scope="col">{t("reconciliation.reason")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.unmatched.map((u) => (
                      <tr key={u.rowNumber}>
                        <td>{u.rowNumber}</td>
                        <td>{u.tracking}</td>
                        <td>{t(`reconciliation.reasons.${u.reason}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
