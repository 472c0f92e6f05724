/**
 * The officer's upload: the sheet is streamed to a file under UPLOADS_DIR/imports (a province's sheet
 * can be tens of MB; it is never held in memory whole), then checked by previewImport.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { AppError, isAppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";

/** 300,000 rows of a household sheet are ≈ 40 MB as CSV. */
export const MAX_IMPORT_BYTES = 80 * 1024 * 1024;
const ACCEPTED = /\.(csv|txt|tsv|xlsx)$/i;

export interface ImportUpload {
  fields: Record<string, string>;
  file: { name: string; path: string } | null;
  problem: "missing" | "tooLarge" | "type" | null;
}

const SAFE_NAME = /[^\p{L}\p{N}._-]+/gu;

export async function readImportUpload(request: Request, maxBytes = MAX_IMPORT_BYTES): Promise<ImportUpload> {
  const dir = path.resolve(env().UPLOADS_DIR, "imports");
  await fs.promises.mkdir(dir, { recursive: true });
  let file: ImportUpload["file"] = null;
  let problem: ImportUpload["problem"] = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size <= 10_000) chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    if (name !== "file" || file || (filename === "" && !file)) {
      for await (const chunk of data) void chunk;
      return undefined;
    }
    const base = path.basename(filename);
    if (!ACCEPTED.test(base)) {
      for await (const chunk of data) void chunk;
      problem = "type";
      return undefined;
    }
    const target = path.join(dir, `${Date.now()}-${randomBytes(4).toString("hex")}-${base.replace(SAFE_NAME, "_").slice(-80)}`);
    let size = 0;
    const limited = Readable.from(
      (async function* () {
        for await (const chunk of data) {
          size += chunk.byteLength;
          if (size > maxBytes) continue; // keep reading to the end, so the browser gets our message
          yield chunk;
        }
      })(),
    );
    await pipeline(limited, fs.createWriteStream(target));
    if (size > maxBytes) {
      await fs.promises.rm(target, { force: true });
      problem = "tooLarge";
    } else if (size === 0) {
      await fs.promises.rm(target, { force: true });
      problem = "missing";
    } else file = { name: base, path: target };
    return undefined;
  };
  const formData = await unstable_parseMultipartFormData(request, handler);
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") fields[key] = value;
  if (!file && !problem) problem = "missing";
  return { fields, file, problem };
}

/** An upload no batch refers to (its check failed before a batch was recorded) is not kept. */
export async function discardImportUpload(file: ImportUpload["file"]): Promise<void> {
  if (file) await fs.promises.rm(file.path, { force: true });
}

/**
 * An error thrown before a batch could be recorded, as the upload page shows it: an AppError as it
 * is; anything else becomes the localized system failure, the error with its stack going to the log.
 */
export function uploadFailure(error: unknown, context: Record<string, unknown> = {}): AppError {
  if (isAppError(error)) return error;
  logger().error({ err: error, ...context }, "import upload failed");
  return new AppError("imports:errors.failed", 500);
}
