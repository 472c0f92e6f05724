import type { ActionFunction, ActionFunctionArgs, AppLoadContext, ServerBuild } from "@remix-run/node";
import { errorResponse } from "~/lib/errors";

/**
 * A request that reaches an action with a body no form parser can read (no Content-Type, text/plain,
 * JSON, multipart without a boundary, a broken multipart body) is the client's mistake: it gets 415
 * or 400 and the localized error page, and a warning in the log — not a 500 and an error stack.
 *
 * Checked in one place, not per route: refuseUnreadableForms wraps every route's action in the
 * server build that scripts/serve.ts serves. An action that throws a Response is Remix's own path to
 * the error boundary with that status, and it runs no loaders first, so a signed-out POST to a
 * protected page is answered 415 rather than sent to log in. (Remix v2 has no middleware; an Express
 * check before Remix could refuse the request but not draw the app's page.)
 */

/** Machine endpoints read their own bodies (signed webhooks, JSON): their actions are left alone. */
const MACHINE_PATH = /^\/(?:api|webhooks)\//;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export interface FormBodyProblem {
  status: 400 | 415;
  messageKey: string;
}

const unsupported: FormBodyProblem = { status: 415, messageKey: "common:errors.formBodyUnsupported" };
const malformed: FormBodyProblem = { status: 400, messageKey: "common:errors.formBodyMalformed" };

/** What is wrong with a form submission's Content-Type header, or null when a form parser can read it. */
export function formBodyProblem(contentType: string | null): FormBodyProblem | null {
  const [type, ...parameters] = (contentType ?? "").split(";");
  const mediaType = type.trim().toLowerCase();
  if (!FORM_TYPES.has(mediaType)) return unsupported;
  if (mediaType === "multipart/form-data" && !parameters.some((p) => /^\s*boundary\s*=\s*\S/i.test(p))) return malformed;
  return null;
}

/**
 * The errors a broken multipart body raises while it is read: Remix's streaming parser (photo and
 * spreadsheet uploads) throws "malformed multipart-form …"; request.formData() is wrapped below.
 */
function isMultipartParseError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("malformed multipart-form");
}

function refuse(problem: FormBodyProblem, request: Request, context: AppLoadContext | undefined, reason?: unknown): Response {
  context?.log?.warn(
    {
      method: request.method,
      url: request.url,
      contentType: request.headers.get("content-type"),
      status: problem.status,
      reason: reason instanceof Error ? reason.message : undefined,
    },
    "form body refused",
  );
  return errorResponse(problem.status, problem.messageKey);
}

/** The action, refusing what it could not read as a form. */
export function refuseUnreadableForm(action: ActionFunction): ActionFunction {
  return async (args: ActionFunctionArgs) => {
    const { request, context } = args;
    if (MACHINE_PATH.test(new URL(request.url).pathname)) return action(args);
    const problem = formBodyProblem(request.headers.get("content-type"));
    if (problem) throw refuse(problem, request, context);
    // A form parser's failure on this request is the body's fault, not the action's.
    const readForm = request.formData.bind(request);
    Object.defineProperty(request, "formData", {
      configurable: true,
      value: () =>
        readForm().catch((error: unknown) => {
          throw refuse(malformed, request, context, error);
        }),
    });
    try {
      return await action(args);
    } catch (error) {
      if (isMultipartParseError(error)) throw refuse(malformed, request, context, error);
      throw error;
    }
  };
}

/** The server build with every route's action wrapped by refuseUnreadableForm. */
export function refuseUnreadableForms(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action;
    routes[id] = action ? { ...route, module: { ...route.module, action: refuseUnreadableForm(action) } } : route;
  }
  return { ...build, routes };
}
