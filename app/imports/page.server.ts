/**
 * What the upload pages show of a batch: its state, counts, progress, the preview kept beside the
 * stored file, and the problems worded in the reader's language.
 */
import fs from "node:fs";
import { getUserById } from "~/accounts/users.server";
import type { Actor } from "~/accounts/access";
import { formatDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import type { ImportBatch } from "../../db/schema";
import { getBatchFor, parseFileError, type ImportPreview } from "./batches.server";
import { changesToConfirm } from "./changes.server";
import { fileErrorMessage, rowErrorsMessage } from "./messages";
import { problemsView } from "./problem-view.server";
import { importsTranslator } from "./report.server";

export type BatchStage = "mapping" | "preview" | "queued" | "running" | "completed" | "failed" | "cancelled";

/** "mapping": previewed but held at the mapping step (required columns missing), not yet confirmable. */
export function batchStage(batch: Pick<ImportBatch, "status" | "jobId" | "error">): BatchStage {
  if (batch.status === "previewed") return batch.jobId === null ? (batch.error ? "mapping" : "preview") : "queued";
  return batch.status;
}

const previewFile = (batch: Pick<ImportBatch, "storedPath">) => (batch.storedPath ? `${batch.storedPath}.preview.json` : null);

/** The first rows as the preview saw them, kept beside the upload so the page can be reloaded. */
export function savePreviewSample(batch: Pick<ImportBatch, "storedPath">, preview: ImportPreview) {
  const file = previewFile(batch);
  if (file) fs.writeFileSync(file, JSON.stringify(preview.sample));
}

function readPreviewSample(batch: Pick<ImportBatch, "storedPath">): ImportPreview["sample"] {
  const file = previewFile(batch);
  try {
    return file ? (JSON.parse(fs.readFileSync(file, "utf8")) as ImportPreview["sample"]) : [];
  } catch {
    return [];
  }
}

/** `params`: the page's query, which may ask for one group of problems (problem-groups.server.ts). */
export function batchView(db: Db, actor: Actor, batchId: number, locale: Locale, params: URLSearchParams = new URLSearchParams()) {
  const batch = getBatchFor(db, actor, batchId);
  const stage = batchStage(batch);
  const { t, tAddresses } = importsTranslator(locale);
  const fileError = batch.status === "failed" ? parseFileError(batch.error) : undefined;
  const word = (reasons: Parameters<typeof rowErrorsMessage>[2]) => rowErrorsMessage(t, tAddresses, reasons);
  return {
    id: batch.id,
    kind: batch.kind,
    stage,
    fileName: batch.fileName,
    createdAt: formatDateTime(batch.createdAt, locale),
    actorName: batch.actorUserId ? (getUserById(db, batch.actorUserId)?.name ?? null) : null,
    via: batch.via,
    sha256: batch.fileSha256,
    finishedAt: batch.finishedAt?.getTime() ?? null,
    batchConsent: batch.batchConsent,
    headers: batch.headers ?? [],
    /** rows held back as changes of an existing household's commune, name, phone or ID (the confirm form's checkbox) */
    changesToConfirm: stage === "preview" ? changesToConfirm(db, batch.id) : 0,
    counts: { rows: batch.rowsDone, created: batch.created, updated: batch.updated, unchanged: batch.unchanged, rejected: batch.rejected },
    progress: { done: stage === "preview" || stage === "queued" ? 0 : batch.rowsDone, total: batch.rowsTotal },
    fileError: fileError ? fileErrorMessage(t, fileError) : null,
    sample:
      stage === "preview"
        ? readPreviewSample(batch).map((row) => ({ rowNumber: row.rowNumber, cells: row.cells, outcome: row.outcome, message: row.problems.length ? word(row.problems) : "" }))
        : [],
    problems: problemsView(db, batch, params, locale),
  };
}

export type BatchView = ReturnType<typeof batchView>;
