import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_PHOTOS, MAX_UPLOAD_BYTES } from "./options";

interface PhotoUpload {
  /** form fields other than files (intent, …) */
  fields: Record<string, string>;
  files: Array<{ name: string; data: Buffer }>;
  /** names of files over 15 MB: refused with a message, their bytes read and dropped */
  oversized: string[];
}

/**
 * Reads a multipart photo upload (Remix's parser, part limit raised to 15 MB). Unlike the stock
 * memory handler, a part over the limit is still read to its end and dropped, so the phone gets
 * our message instead of a connection cut mid-upload, and the other photos are kept.
 */
export async function readPhotoUpload(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<PhotoUpload> {
  const files: PhotoUpload["files"] = [];
  const oversized: string[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Text fields are tiny; photo parts beyond MAX_PHOTOS are not worth keeping.
    const limit = filename === undefined ? 10_000 : maxBytes;
    const keep = filename === undefined || files.length < MAX_PHOTOS;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= limit && keep) chunks.push(chunk);
    }
    if (filename === undefined) return size <= limit ? Buffer.concat(chunks).toString("utf8") : undefined;
    // An empty file input still sends a nameless, empty part.
    if (filename === "" && size === 0) return undefined;
    if (size > limit) oversized.push(filename);
    else if (keep && name === "photos") files.push({ name: filename, data: Buffer.concat(chunks) });
    return undefined;
  };
  const formData = await unstable_parseMultipartFormData(request, handler);
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") fields[key] = value;
  return { fields, files, oversized };
}

export function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
