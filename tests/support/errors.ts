import { AppError } from "~/lib/errors";

/** The message key of the AppError a promise rejects with, or "no error"; anything else is rethrown. */
export async function errorKey(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.messageKey;
    throw error;
  }
  return "no error";
}
