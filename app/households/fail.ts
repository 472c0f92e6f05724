import { AppError } from "~/lib/errors";

/** Throws the households namespace's error for a key, tied to a form field when there is one. */
export function fail(key: string, field?: string, params: Record<string, string | number> = {}, status = 400): never {
  throw new AppError(`households:errors.${key}`, status, params, field);
}
