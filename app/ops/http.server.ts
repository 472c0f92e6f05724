import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Metrics } from "./metrics.server";

/**
 * The Express side of the metrics (scripts/serve.ts): which Remix route answered a request, the
 * latency histogram, and the protected /metrics endpoint.
 */

/** Filled in by the route's loader or action as Remix runs it: the deepest route that ran wins. */
interface RouteSlot {
  id: string | null;
  depth: number;
}

const slots = new WeakMap<object, RouteSlot>();

/**
 * Wraps every loader and action so a request records the Remix route id that answered it: the
 * leaf of a page (its layouts' loaders run too, but are shallower), the route a `?_data` fetch or a
 * resource route names. A page without a loader of its own counts under its nearest layout with one;
 * a request no loader or action ran for (no route matches, a method the route does not take) under "none".
 */
export function labelRoutes(build: ServerBuild): ServerBuild {
  const depthOf = (id: string) => {
    let depth = 0;
    for (let route = build.routes[id]; route?.parentId; route = build.routes[route.parentId]) depth++;
    return depth;
  };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const depth = depthOf(id);
    const mark = <A extends { context: object }, R>(fn: (args: A) => R) =>
      ((args: A) => {
        const slot = slots.get(args.context);
        if (slot && depth >= slot.depth) Object.assign(slot, { id, depth });
        return fn(args);
      }) as typeof fn;
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: { ...route.module, ...(loader ? { loader: mark(loader) } : {}), ...(action ? { action: mark(action) } : {}) },
    };
  }
  return { ...build, routes };
}

/**
 * Middleware in front of the Remix handler: times the request and observes it under the route id
 * once the response is sent. Use routeContext(res, context) in getLoadContext so loaders can report.
 */
export function timeRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const slot: RouteSlot = { id: null, depth: -1 };
    res.locals.routeSlot = slot;
    res.on("finish", () => {
      metrics.observeRequest(slot.id ?? "none", req.method, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** Registers the load context with the request's route slot (see timeRequests). */
export function routeContext<T extends object>(res: Response, context: T): T {
  const slot = res.locals.routeSlot as RouteSlot | undefined;
  if (slot) slots.set(context, slot);
  return context;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

interface ScrapeRequest {
  authorization?: string;
  /** the TCP peer, not a proxy's claim */
  remoteAddress?: string;
  /** the request carries a proxy's forwarding header */
  forwarded: boolean;
}

/**
 * Who may read /metrics: with METRICS_TOKEN set, only `Authorization: Bearer <token>`; without it,
 * only a direct connection from this machine. A request relayed by a reverse proxy on the same
 * machine also arrives from loopback, so one carrying forwarding headers is never local.
 */
export function metricsAllowed(request: ScrapeRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(request.authorization ?? "");
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
  return !request.forwarded && LOOPBACK.test(request.remoteAddress ?? "");
}

/** GET /metrics in Prometheus text format; anyone else falls through to the app's 404 page. */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const forwarded = Boolean(req.get("x-forwarded-for") ?? req.get("forwarded") ?? req.get("x-real-ip"));
    if (!metricsAllowed({ authorization: req.get("authorization"), remoteAddress: req.socket.remoteAddress, forwarded }, token)) {
      next();
      return;
    }
    metrics
      .render()
      .then((text) => res.set({ "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" }).send(text))
      .catch(next);
  };
}
