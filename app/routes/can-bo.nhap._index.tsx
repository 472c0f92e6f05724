import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatNumber } from "~/i18n/format";
import type { ImportKind } from "~/imports/processor";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { listBatches, previewImport } from "~/imports/batches.server";
import { batchStage, savePreviewSample } from "~/imports/page.server";
import styles from "~/imports/imports.css";
import { discardImportUpload, readImportUpload, uploadFailure } from "~/imports/upload.server";
import { db } from "~/lib/db.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";


const IMPORT_KINDS = ["households", "listings"] as const satisfies readonly ImportKind[];
export const handle = { i18n: ["common", "imports"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const isKind = (value: unknown): value is ImportKind => (IMPORT_KINDS as readonly string[]).includes(String(value));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "importData");
  const locale = await getLocale(request);
  return json({
    title: await pageTitle(request, "imports:page.title"),
    locale,
    batches: listBatches(db(), user, { limit: 20 }).map((b) => ({
      id: b.id,
      kind: b.kind,
      fileName: b.fileName,
      stage: batchStage(b),
      at: formatDateTime(b.createdAt, locale),
      rows: formatNumber(b.rowsDone, locale),
      created: b.created,
      updated: b.updated,
      unchanged: b.unchanged,
      rejected: b.rejected,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "importData");
  const locale = await getLocale(request);
  const upload = await readImportUpload(request);
  const kind = isKind(upload.fields.kind) ? upload.fields.kind : "households";
  const values = { kind, sheet: upload.fields.sheet ?? "", consent: upload.fields.consent === "on" };
  const t = await i18nServer.getFixedT(request, "imports");
  if (upload.problem || !upload.file) {
    return json({ values, error: t(`page.upload.${upload.problem ?? "missing"}`) }, { status: 400 });
  }
  let preview;
  try {
    preview = await previewImport(db(), {
      kind,
      actor: user,
      filePath: upload.file.path,
      fileName: upload.file.name,
      sheet: values.sheet.trim() || null,
      batchConsent: values.consent,
      locale,
    });
  } catch (error) {
    // Thrown before a batch was recorded (a refused workbook, an unreadable file): nothing refers to the file.
    await discardImportUpload(upload.file);
    const { message, status } = await errorText(request, uploadFailure(error, { userId: user.id, fileName: upload.file.name }));
    return json({ values, error: message }, { status });
  }
  savePreviewSample({ storedPath: upload.file.path }, preview);
  return redirect(`/can-bo/nhap/${preview.batchId}`);
}

export default function ImportUploadPage() {
  const { t } = useTranslation("imports");
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const values = reply?.values ?? { kind: "households" as ImportKind, sheet: "", consent: false };
  return (
    <section className="import-page">
      <h1>{t("page.title")}</h1>
      <p className="muted">{t("page.intro")}</p>

      <Form method="post" encType="multipart/form-data" className="form card import-form" aria-describedby={reply?.error ? "upload-error" : undefined}>
        <FormError id="upload-error" errors={reply?.error ? [reply.error] : null} />
        <fieldset>
          <legend>{t("page.upload.kind")}</legend>
          {IMPORT_KINDS.map((kind) => (
            <label key={kind} className="choice">
              <input type="radio" name="kind" value={kind} defaultChecked={values.kind === kind} /> {t(`page.kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="file">{t("page.upload.file")}</label>
          <input id="file" name="file" type="file" required accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
          <p className="field-hint">{t("page.upload.fileHint")}</p>
        </div>
        <div className="field">
          <label htmlFor="sheet">{t("page.upload.sheet")}</label>
          <input id="sheet" name="sheet" type="text" defaultValue={values.sheet} maxLength={100} />
          <p className="field-hint">{t("page.upload.sheetHint")}</p>
        </div>
        <label className="choice">
          <input type="checkbox" name="consent" defaultChecked={values.consent} /> {t("page.upload.consent")}
        </label>
        <p className="field-hint">{t("page.upload.consentHint")}</p>
        <SubmitButton pendingLabel={t("page.upload.checking")}>{t("page.upload.submit")}</SubmitButton>
      </Form>

      <section aria-labelledby="templates">
        <h2 id="templates">{t("page.templates.title")}</h2>
        <ul>
          {IMPORT_KINDS.map((kind) => (
            <li key={kind}>
              {t(`page.kinds.${kind}`)}:{" "}
              <a href={`/can-bo/nhap/mau?loai=${kind}&dang=xlsx`} download>
                XLSX
              </a>{" "}
              ·{" "}
              <a href={`/can-bo/nhap/mau?loai=${kind}&dang=csv`} download>
                CSV
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="batches">
        <h2 id="batches">{t("page.batches.title")}</h2>
        {data.batches.length === 0 ? (
          <p className="muted">{t("page.batches.none")}</p>
        ) : (
          <ScrollRegion label={t("page.batches.title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("page.batches.file")}</th>
                  <th scope="col">{t("page.batches.when")}</th>
                  <th scope="col">{t("page.batches.state")}</th>
                  <th scope="col">{t("page.batches.result")}</th>
                </tr>
              </thead>
              <tbody>
                {data.batches.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link to={`/can-bo/nhap/${b.id}`}>{b.fileName}</Link>
                      <br />
                      <small className="muted">{t(`page.kinds.${b.kind}`)}</small>
                    </td>
                    <td>{b.at}</td>
                    <td>{t(`page.stages.${b.stage}`)}</td>
                    <td>{t("page.batches.counts", { rows: b.rows, created: b.created, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </section>
  );
}
