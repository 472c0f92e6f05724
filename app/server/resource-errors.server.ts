import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import { i18nServer } from "~/i18n/i18n.server";
import type { ErrorPayload } from "~/lib/errors";

/**
 * Pages and resource routes refuse the same way: they throw errorResponse (notFound, forbidden,
 * errorPage). A page's error boundary turns that payload into the localized error page; a resource
 * route (a CSV, a download: no page of its own) would hand the browser the raw JSON. Here its
 * loader and action answer the same message as plain text in the request's language instead, for
 * every such route at once. Machine endpoints (/api, /webhooks) keep their own answers.
 */

const MACHINE_PATH = /^\/(?:api|webhooks)\//;

type AnyTranslate = (key: string, params?: Record<string, unknown>) => string;

async function payloadOf(response: Response): Promise<ErrorPayload | null> {
  if (response.status < 400 || !(response.headers.get("content-type") ?? "").startsWith("application/json")) return null;
  const payload = (await response
    .clone()
    .json()
    .catch(() => null)) as Partial<ErrorPayload> | null;
  return payload && typeof payload.messageKey === "string" ? (payload as ErrorPayload) : null;
}

/** A thrown error payload as a plain-text Response in the request's language; anything else as it is. */
export async function asTextError(request: Request, error: unknown): Promise<unknown> {
  if (!(error instanceof Response)) return error;
  const payload = await payloadOf(error);
  if (!payload) return error;
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  const headers = new Headers(error.headers);
  headers.set("Content-Type", "text/plain; charset=utf-8");
  headers.delete("Content-Length");
  return new Response(t(payload.messageKey, payload.params ?? {}), { status: error.status, headers });
}

function withTextErrors<F extends LoaderFunction | ActionFunction>(fn: F): F {
  return (async (args: Parameters<F>[0]) => {
    if (MACHINE_PATH.test(new URL(args.request.url).pathname)) return fn(args as never);
    try {
      return await fn(args as never);
    } catch (error) {
      throw await asTextError(args.request, error);
    }
  }) as F;
}

/** The server build with the loader and action of every resource route answering errors as text. */
export function textErrorsForResourceRoutes(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { module } = route;
    const resource = id !== "root" && !module.default && (module.loader || module.action);
    routes[id] = resource
      ? {
          ...route,
          module: {
            ...module,
            ...(module.loader ? { loader: withTextErrors(module.loader) } : {}),
            ...(module.action ? { action: withTextErrors(module.action) } : {}),
          },
        }
      : route;
  }
  return { ...build, routes };
}
