/**
 * The one path from error to message: modules throw AppError with a message key from the locale
 * files; routes turn it into a form's reply (replyWithError, errorText in accounts/forms.server.ts)
 * or a localized error page (throw errorPage(error), or errorResponse for a route's own refusals).
 */
export class AppError extends Error {
  constructor(
    /** locale key, e.g. "accounts:errors.nameRequired" */
    public messageKey: string,
    public status = 400,
    public params: Record<string, string | number> = {},
    /** which form field the error belongs to, if any */
    public field?: string,
  ) {
    super(messageKey);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Body of an error Response thrown from a loader, read by the error boundaries. */
export interface ErrorPayload {
  messageKey: string;
  params?: Record<string, string | number>;
}

export function errorResponse(status: number, messageKey: string, params?: Record<string, string | number>) {
  return new Response(JSON.stringify({ messageKey, params } satisfies ErrorPayload), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

export const notFound = () => errorResponse(404, "common:errors.notFoundText");
export const forbidden = () => errorResponse(403, "common:errors.forbiddenText");

/**
 * For a loader's catch: an AppError becomes the error page with its status and message; anything
 * else is returned as it is, for the error boundary and the log. Use as `throw errorPage(error)`.
 */
export function errorPage(error: unknown): unknown {
  return isAppError(error) ? errorResponse(error.status, error.messageKey, error.params) : error;
}

/** A route's numeric id parameter (":id"); anything else ("abc", "0", "1.5") names nothing: the 404 page. */
export function idParam(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

/** Runs a loader's or an action's read; an AppError thrown by it becomes the error page (errorPage). */
export function orErrorPage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw errorPage(error);
  }
}
