/**
 * What the photo island shows for each photo on its way up, as pure functions (tested without a
 * browser). The texts come from the page: the server renders them with t() in the page's language,
 * leaving `{name}`, `{percent}` and `{message}` for the island to fill.
 */
export type UploadState = "shrinking" | "uploading" | "retrying" | "done" | "error";

export interface UploadTexts {
  shrinking: string;
  uploading: string;
  retrying: string;
  done: string;
  error: string;
  /** the progress bar's accessible name */
  progress: string;
  retry: string;
  /** the message after the last automatic retry failed */
  uploadFailed: string;
}

export interface UploadRow {
  name: string;
  state: UploadState;
  fraction: number;
  message?: string;
}

/** The template with each `{key}` replaced by its value; unknown keys are left as they are. */
export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The line shown for one photo. */
export function rowText(texts: UploadTexts, row: UploadRow): string {
  const values = { name: row.name, percent: Math.round(row.fraction * 100), message: row.message ?? "" };
  return fillText(texts[row.state === "uploading" ? "uploading" : row.state], values);
}

/** Whether the row shows a progress bar (determinate only while the bytes are going up). */
export function rowBusy(state: UploadState): boolean {
  return state === "shrinking" || state === "uploading" || state === "retrying";
}

/** The server's errors from its JSON answer to one photo; a redirect or an empty answer means it was taken. */
export function answerErrors(text: string): string[] {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown }).errors;
    return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === "string") : [];
  } catch {
    return [];
  }
}

/** The address the island posts one photo to: the page's own, asking Remix for the action's JSON answer. */
export function uploadUrl(pathname: string, search: string, routeId: string): string {
  const params = new URLSearchParams(search);
  params.set("_data", routeId);
  return `${pathname}?${params}`;
}
