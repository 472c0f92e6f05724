import { describe, expect, it } from "vitest";
import { measure, type Manifest } from "./check-budgets";

const KB = 1024;
const manifest: Manifest = {
  routes: {
    root: { id: "root", module: "/build/root.js", imports: ["/build/_shared/root-dep.js"] },
    "routes/_index": { id: "routes/_index", parentId: "root", module: "/build/routes/_index.js", imports: ["/build/_shared/shared.js"] },
    "routes/thanh-toan": { id: "routes/thanh-toan", parentId: "root", module: "/build/routes/thanh-toan.js", imports: ["/build/_shared/shared.js"] },
    "routes/healthz": { id: "routes/healthz", parentId: "root", module: "/build/routes/healthz.js" },
  },
};
const sources: Record<string, string> = {
  root: 'import styles from "./styles/app.css";\nexport default function App() {}',
  "routes/_index": 'import styles from "~/catalog/catalog.css";\nexport const handle = { i18n: ["common"] };\nexport default function Home() {}',
  "routes/thanh-toan": 'export const handle = { i18n: ["common"], islands: ["checkout", "photos"] };\nexport default function Checkout() {}',
  "routes/healthz": "export async function loader() {}",
};
const sizes: Record<string, number> = {
  "/islands/checkout-1.js": 3 * KB,
  "/islands/photos-2.js": 98 * KB,
  "/build/root.js": 2 * KB,
  "/build/_shared/root-dep.js": 1 * KB,
  "/build/routes/_index.js": 3 * KB,
  "/build/routes/thanh-toan.js": 4 * KB,
  "/build/_shared/shared.js": 1 * KB,
  "/build/_assets/app-ABC.css": 6 * KB,
  "/build/_assets/catalog-DEF.css": 4 * KB,
};
const inputs = {
  source: (id: string) => sources[id] ?? "",
  gzip: (url: string) => sizes[url],
  assets: ["app-ABC.css", "catalog-DEF.css"],
  islands: { checkout: "/islands/checkout-1.js", photos: "/islands/photos-2.js" },
};

describe("page budgets", () => {
  it("counts no script for a page that names no island, and the islands its route chain names for one that does", () => {
    const pages = measure(manifest, inputs);
    expect(pages.map((p) => p.route).sort()).toEqual(["routes/_index", "routes/thanh-toan"]);
    const home = pages.find((p) => p.route === "routes/_index")!;
    expect(home).toMatchObject({ type: "catalog", scripts: false, js: 0, css: 10 * KB, total: 10 * KB, over: [] });
    const checkout = pages.find((p) => p.route === "routes/thanh-toan")!;
    expect(checkout).toMatchObject({ type: "any", scripts: true, js: (3 + 98) * KB, css: 6 * KB });
    expect(checkout.over).toEqual([`js ${101 * KB} > ${100 * KB}`]);
  });

  it("holds a catalog page to 20 KB of script", () => {
    const withScript: Record<string, string> = { ...sources, "routes/_index": sources["routes/_index"].replace('["common"] }', '["common"], islands: ["photos"] }') };
    const home = measure(manifest, { ...inputs, source: (id: string) => withScript[id] ?? "" }).find((p) => p.route === "routes/_index")!;
    expect(home.scripts).toBe(true);
    expect(home.over[0]).toMatch(/^js \d+ > 20480$/);
  });

  it("refuses a route that names an island the build does not have", () => {
    const unknown: Record<string, string> = { ...sources, "routes/_index": sources["routes/_index"].replace('["common"] }', '["common"], islands: ["nowhere"] }') };
    expect(() => measure(manifest, { ...inputs, source: (id: string) => unknown[id] ?? "" })).toThrow(/nowhere/);
  });
});
