/**
 * npm run check:budgets — what each page's first load costs, against the budgets of issue 16
 * (docs/decisions/0033, 0036). Builds unless public/build already holds a build (`--no-build` to
 * insist on the existing one), starts nothing: reads the Remix browser manifest for the page
 * routes and the island manifest, and for every page route sums the gzip size of the islands its
 * route chain names (`handle.islands`; no page loads the framework runtime) and of its style
 * sheets. Prints a table and one JSON line; exits 1 when a budget is exceeded.
 */
import { execSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ISLANDS_MANIFEST } from "~/lib/page-scripts";

const KB = 1024;
/** Catalog and price pages: what a buyer opens first, on a cheap phone. */
const CATALOG = { js: 20 * KB, total: 100 * KB };
const ANY = { js: 100 * KB, total: 160 * KB };
const CATALOG_ROUTES = new Set([
  "routes/_index",
  "routes/tim-kiem",
  "routes/danh-muc.$slug",
  "routes/san-pham.$slug",
  "routes/nha-vuon.$slug",
  "routes/gia-ca._index",
  "routes/gia-ca.$commodity",
  "routes/gia-ca.cho.$market",
]);

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
export interface Manifest {
  routes: Record<string, ManifestRoute>;
}

const root = process.cwd();
const publicDir = join(root, "public");
const buildDir = join(publicDir, "build");

function readManifest(): Manifest {
  const file = readdirSync(buildDir).find((name) => /^manifest-.*\.js$/.test(name));
  if (!file) throw new Error("no manifest in public/build: run npm run build");
  const text = readFileSync(join(buildDir, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

/** gzip bytes of a file served under /build/… or /islands/… */
const gzipOfFile = (url: string) => gzipSync(readFileSync(join(publicDir, url))).length;

function routeSource(id: string): string {
  for (const ext of [".tsx", ".ts", ".jsx", ".js"]) {
    const file = join(root, "app", id + ext);
    if (existsSync(file)) return readFileSync(file, "utf8");
  }
  return "";
}

/** The same rule as app/lib/page-scripts.ts, read from the source: the names in handle.islands. */
export function islandsOf(source: string): string[] {
  const list = /export const handle\s*=\s*\{[^}]*\bislands:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? "";
  return [...list.matchAll(/"([\w-]+)"/g)].map((match) => match[1]);
}
const isPage = (source: string) => /export default/.test(source);

/** The built style sheets a route module imports (`import styles from "~/x/name.css"`). */
function styleSheets(source: string, assets: string[]): string[] {
  const urls: string[] = [];
  for (const match of source.matchAll(/import\s+\w+\s+from\s+"[^"]*?([\w-]+)\.css"/g)) {
    const built = assets.find((name) => name.startsWith(`${match[1]}-`) && name.endsWith(".css"));
    if (built) urls.push(`/build/_assets/${built}`);
  }
  return urls;
}

export interface PageCost {
  route: string;
  type: "catalog" | "any";
  scripts: boolean;
  js: number;
  css: number;
  total: number;
  over: string[];
}

interface Inputs {
  /** a route's source text by route id */
  source: (id: string) => string;
  /** gzip bytes of a built file by its URL */
  gzip: (url: string) => number;
  /** file names in public/build/_assets */
  assets: string[];
  /** island name → URL of its built module */
  islands: Record<string, string>;
}

export function measure(manifest: Manifest, inputs: Inputs): PageCost[] {
  const cache = new Map<string, number>();
  const gzipOf = (url: string) => cache.get(url) ?? cache.set(url, inputs.gzip(url)).get(url)!;
  const source = inputs.source;
  const pages: PageCost[] = [];
  for (const route of Object.values(manifest.routes)) {
    if (route.id === "root" || !isPage(source(route.id))) continue;
    const chain: ManifestRoute[] = [];
    for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.unshift(r);
    const names = new Set(chain.flatMap((r) => islandsOf(source(r.id))));
    const missing = [...names].filter((name) => !inputs.islands[name]);
    if (missing.length > 0) throw new Error(`${route.id} names islands that were not built: ${missing.join(", ")}`);
    const js = new Set([...names].map((name) => inputs.islands[name]));
    const scripts = js.size > 0;
    const css = new Set(chain.flatMap((r) => styleSheets(source(r.id), inputs.assets)));
    const sum = (urls: Set<string>) => [...urls].reduce((total, url) => total + gzipOf(url), 0);
    const cost = { js: sum(js), css: sum(css) };
    const type = CATALOG_ROUTES.has(route.id) ? "catalog" : "any";
    const budget = type === "catalog" ? CATALOG : ANY;
    const total = cost.js + cost.css;
    const over: string[] = [];
    if (cost.js > budget.js) over.push(`js ${cost.js} > ${budget.js}`);
    if (total > budget.total) over.push(`total ${total} > ${budget.total}`);
    pages.push({ route: route.id, type, scripts, ...cost, total, over });
  }
  return pages.sort((a, b) => b.total - a.total);
}

function main() {
  const useExisting = process.argv.includes("--no-build");
  if (!useExisting || !existsSync(buildDir)) execSync("npm run build", { stdio: "inherit" });
  const islands = JSON.parse(readFileSync(join(root, ISLANDS_MANIFEST), "utf8")) as Record<string, string>;
  const pages = measure(readManifest(), { source: routeSource, gzip: gzipOfFile, assets: readdirSync(join(buildDir, "_assets")), islands });
  const kb = (n: number) => (n / KB).toFixed(1).padStart(6);
  console.log(`${"route".padEnd(42)} ${"type".padEnd(8)} script   js KB  css KB  total KB`);
  for (const p of pages) {
    console.log(
      `${p.route.padEnd(42)} ${p.type.padEnd(8)} ${(p.scripts ? "yes" : "no").padEnd(6)} ${kb(p.js)}  ${kb(p.css)}  ${kb(p.total)}${p.over.length ? "  OVER: " + p.over.join(", ") : ""}`,
    );
  }
  const failing = pages.filter((p) => p.over.length > 0);
  const max = (type: PageCost["type"] | null, key: "js" | "total") =>
    Math.max(0, ...pages.filter((p) => type === null || p.type === type).map((p) => p[key]));
  console.log(
    JSON.stringify({
      check: "budgets",
      pages: pages.length,
      with_scripts: pages.filter((p) => p.scripts).map((p) => p.route),
      max_js_gzip_catalog: max("catalog", "js"),
      max_total_catalog: max("catalog", "total"),
      max_js_gzip_any: max(null, "js"),
      max_total_any: max(null, "total"),
      over: pages.filter((p) => p.over.length > 0).map((p) => ({ route: p.route, over: p.over })),
      failing: failing.map((p) => p.route),
    }),
  );
  if (failing.length > 0) process.exit(1);
}

if (process.argv[1]?.endsWith("check-budgets.ts")) main();
