/**
 * The app as Remix serves it, assembled in-process from the sources, for tests that need whole
 * responses (the error boundary's page, the document's language) without a `remix build`: the
 * routes are found by Remix's own flat-routes convention with remix.config.js's ignored files; the
 * browser assets are named but never fetched. Tests apply the same build transforms scripts/serve.ts does.
 */
import path from "node:path";
import type { EntryRoute } from "@remix-run/server-runtime/dist/routes";
import { UNSAFE_flatRoutes } from "@remix-run/dev";
import type { ServerBuild } from "@remix-run/node";
import remixConfig from "../../remix.config.js";

export interface SourceRoute {
  id: string;
  parentId?: string;
  /** the URL path of the route's file as Remix matches it, e.g. "/ban-hang/san-pham/:id" */
  urlPattern: string;
  file: string;
  module: ServerBuild["routes"][string]["module"];
}

export async function sourceBuild(): Promise<{ build: ServerBuild; routes: SourceRoute[] }> {
  const appDir = path.resolve(__dirname, "../../app");
  const manifest = UNSAFE_flatRoutes(appDir, remixConfig.ignoredRouteFiles ?? []);
  const entries = [{ id: "root", file: "root.tsx", path: "" } as (typeof manifest)[string], ...Object.values(manifest).filter((r) => r.id !== "root")];
  const routes: ServerBuild["routes"] = {};
  const assetRoutes: Record<string, EntryRoute> = {};
  await Promise.all(
    entries.map(async (r) => {
      const module = (await import(path.join(appDir, r.file))) as ServerBuild["routes"][string]["module"];
      const route = { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive };
      routes[r.id] = { ...route, module };
      assetRoutes[r.id] = {
        ...route,
        hasAction: "action" in module,
        hasLoader: "loader" in module,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: "ErrorBoundary" in module,
        module: `/build/${r.id}.js`,
        imports: [],
      };
    }),
  );
  const entry = await import("~/entry.server");
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: { entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes, url: "/build/manifest.js", version: "source" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: false,
      v3_relativeSplatPath: false,
      v3_throwAbortReason: false,
      v3_lazyRouteDiscovery: false,
      v3_singleFetch: false,
      ...remixConfig.future,
    },
    isSpaMode: false,
  };
  const urlPattern = (id: string | undefined): string => {
    if (!id) return "";
    const route = routes[id];
    const parent = urlPattern(route.parentId);
    return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent || "/";
  };
  const list = entries.map((r) => ({ id: r.id, parentId: r.parentId, file: r.file, urlPattern: urlPattern(r.id) || "/", module: routes[r.id].module }));
  return { build, routes: list };
}
