/**
 * `npm run bench:pages [-- --quick]`: every page of the demo, as a cheap phone on slow 3G sees it.
 *
 * Starts the real server (scripts/start.ts: fresh temporary database, demo data, free port), logs in
 * once per role through the log-in form (Playwright, Debian's Chromium), then for each page:
 * - Lighthouse 12's simulated slow-3G mobile run (300 ms RTT, 700 kbps, 4× CPU), three times (once
 *   with --quick), keeping the median largest contentful paint, and the bytes the page transferred
 *   (its scripts, and everything);
 * - axe-core's WCAG 2.2 AA and best-practice rules, counting serious and critical violations, each
 *   listed on stderr.
 * Ends with one JSON line on stdout (docs/decisions/0037-measuring-pages.md).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import axe from "axe-core";
import Database from "better-sqlite3";
import lighthouse from "lighthouse";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { logIn } from "../tests/e2e/helpers";
import { freePort, waitForServer } from "../tests/support/server";
import { benchArgs, percentile } from "./support";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const ROLES = { admin: "0901000001", officer: "0901000002", farmer: "0901000003", buyer: "0901000004" } as const;
type Role = keyof typeof ROLES | "public";

/** Issue 16's slow 3G: Lighthouse's simulation, with the request latency and throughputs DevTools would apply. */
const THROTTLING = { rttMs: 300, throughputKbps: 700, cpuSlowdownMultiplier: 4, requestLatencyMs: 1125, downloadThroughputKbps: 700, uploadThroughputKbps: 700 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
/** The catalog and price pages, whose budget is 20 KB of JavaScript. */
const CATALOG = new Set(["home", "search", "category", "listing", "farm", "price-board", "commodity", "market"]);

const { has, arg, wants } = benchArgs();
/** --lhr=DIR: keep each Lighthouse report (JSON) there, to see why a page paints late. */
const lhrDir = arg("lhr");
const runs = has("quick") ? 1 : 3;
/** --axe: the accessibility checks alone, no Lighthouse (for fixing what axe finds). */
const axeOnlyRun = has("axe");
const log = (...parts: unknown[]) => console.error("[pages]", ...parts);

interface Target {
  name: string;
  path: string;
  role: Role;
}

async function main() {
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-pages-"));
  let server: ChildProcess | undefined;
  let lighthouseChrome: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await stopProcess(lighthouseChrome);
    await stopProcess(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (!fs.existsSync("public/build")) {
      log("building (remix build)…");
      const built = spawnSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
      if (built.status !== 0) throw new Error("remix build failed");
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const databasePath = path.join(tmp, "app.db");
    server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_PATH: databasePath,
        UPLOADS_DIR: path.join(tmp, "uploads"),
        SEED_DEMO: "true",
        DEV_ROUTES: "true",
        LOG_LEVEL: "warn",
      },
    });
    await waitForServer(`${base}/healthz`, server, 180_000);
    log(`server at ${base}`);
    await photosReady(databasePath);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const contexts = await logInAll(browser, base);
    const targets = await discoverPages(contexts);
    log(`${targets.length} pages; ${runs} Lighthouse run(s) each`);

    const cookies: Partial<Record<Role, string>> = {};
    for (const [role, context] of Object.entries(contexts) as Array<[Role, BrowserContext]>) {
      cookies[role] = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
    }

    // The staff's and sellers' other pages: axe only (no LCP goal of issue 16 covers them).
    const axeOnly = [];
    for (const target of axeOnlyPages(targets)) axeOnly.push({ path: target.path, role: target.role, axe_serious: await runAxe(contexts[target.role], base, target) });
    log(`axe only: ${axeOnly.length} more pages, ${axeOnly.reduce((sum, p) => sum + p.axe_serious, 0)} serious/critical`);
    if (axeOnlyRun) {
      for (const target of targets) axeOnly.push({ path: target.path, role: target.role, axe_serious: await runAxe(contexts[target.role], base, target) });
      console.log(JSON.stringify({ bench: "pages", axe_only: axeOnly, axe_serious_total: axeOnly.reduce((sum, p) => sum + p.axe_serious, 0) }));
      return;
    }

    const debuggingPort = await freePort();
    lighthouseChrome = spawn(CHROMIUM, ["--headless=new", `--remote-debugging-port=${debuggingPort}`, ...CHROMIUM_ARGS, `--user-data-dir=${path.join(tmp, "chromium")}`, "about:blank"], { stdio: "ignore" });
    await waitForServer(`http://127.0.0.1:${debuggingPort}/json/version`, lighthouseChrome, 30_000);

    const pages = [];
    for (const target of targets.filter((t) => wants(t.name))) {
      const measured = await measure(`${base}${target.path}`, debuggingPort, cookies[target.role], target.name);
      const axeSerious = await runAxe(contexts[target.role], base, target);
      const row = { name: target.name, path: target.path, role: target.role, ...measured, axe_serious: axeSerious };
      log(`${target.name.padEnd(16)} ${target.role.padEnd(7)} js ${String(row.js_gzip_bytes).padStart(7)} B  total ${String(row.total_bytes).padStart(7)} B  LCP ${String(row.lcp_3g_ms).padStart(5)} ms (${measured.lcp_runs.join(", ")})  axe ${axeSerious}  LCP element: ${measured.lcp_element}`);
      pages.push(row);
    }

    const catalog = pages.filter((p) => CATALOG.has(p.name));
    if (pages.length === 0) throw new Error("no page measured (--only names none of them?)");
    console.log(
      JSON.stringify({
        bench: "pages",
        cores: os.cpus().length,
        runs,
        pages: pages.map(({ name, path: p, role, js_gzip_bytes, total_bytes, lcp_3g_ms, axe_serious }) => ({ name, path: p, role, js_gzip_bytes, total_bytes, lcp_3g_ms, axe_serious })),
        max_js_gzip_catalog: Math.max(...catalog.map((p) => p.js_gzip_bytes)),
        max_lcp_3g_ms: Math.max(...pages.map((p) => p.lcp_3g_ms)),
        axe_only: axeOnly,
        axe_serious_total: [...pages, ...axeOnly].reduce((sum, p) => sum + p.axe_serious, 0),
        seconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  } finally {
    await cleanUp();
  }
}

/** One logged-out context and one per demo role, each logged in through the real form. */
async function logInAll(browser: Browser, base: string): Promise<Record<Role, BrowserContext>> {
  // bypassCSP: axe is injected as an inline script, which the pages' CSP (rightly) refuses
  const newContext = () => browser.newContext({ locale: "vi-VN", baseURL: base, bypassCSP: true });
  const contexts = { public: await newContext() } as Record<Role, BrowserContext>;
  for (const [role, phone] of Object.entries(ROLES) as Array<[keyof typeof ROLES, string]>) {
    const context = await newContext();
    const page = await context.newPage();
    await logIn(page, phone, { to: "/tai-khoan" });
    if (!(await context.cookies(base)).length) throw new Error(`logging in as ${role} set no cookie`);
    await page.close();
    contexts[role] = context;
  }
  return contexts;
}

/** The first link on a page whose path matches, e.g. the first listing on the home page. */
async function firstLink(page: Page, from: string, pattern: RegExp): Promise<string> {
  await page.goto(from);
  const hrefs = await page.locator("a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const found = hrefs.find((href) => pattern.test(href.split("?")[0]));
  if (!found) throw new Error(`no link matching ${pattern} on ${from}`);
  return found;
}

/** Real URLs of the demo data: read from the pages' own links; the buyer's cart gets a product first. */
async function discoverPages(contexts: Record<Role, BrowserContext>): Promise<Target[]> {
  const open = async (role: Role) => contexts[role].newPage();
  const pub = await open("public");
  const listing = await firstLink(pub, "/", /^\/san-pham\/[^/]+$/);
  const category = await firstLink(pub, "/", /^\/danh-muc\/[^/]+$/);
  const farm = await firstLink(pub, listing, /^\/nha-vuon\/[^/]+$/);
  const commodity = await firstLink(pub, "/gia-ca", /^\/gia-ca\/(?!cho\/|csv$)[^/.]+$/);
  const market = await firstLink(pub, "/gia-ca", /^\/gia-ca\/cho\/[^/.]+$/);
  await pub.close();

  const buyer = await open("buyer");
  await buyer.goto(listing);
  await Promise.all([buyer.waitForURL(/\/gio-hang/), buyer.getByRole("button", { name: "Thêm vào giỏ hàng" }).first().click()]);
  const buyerOrder = await firstLink(buyer, "/don-hang", /^\/don-hang\/CNS-[^/]+$/);
  await buyer.close();

  const farmer = await open("farmer");
  const editListing = await firstLink(farmer, "/ban-hang/san-pham", /^\/ban-hang\/san-pham\/\d+$/);
  const farmOrder = await firstLink(farmer, "/ban-hang/don-hang", /^\/ban-hang\/don-hang\/CNS-[^/]+$/);
  await farmer.close();

  const officer = await open("officer");
  const household = await firstLink(officer, "/can-bo", /^\/can-bo\/ho\/\d+$/);
  // A pending import batch: the check step of a small shipped sheet (nothing is written to households).
  await officer.goto("/can-bo/nhap");
  await officer.getByLabel("Tệp CSV hoặc Excel").setInputFiles("tests/fixtures/imports/utf8-bom-title-totals.csv");
  await officer.getByLabel(/Tôi xác nhận các hộ trong tệp đã đồng ý/).check();
  await Promise.all([officer.waitForURL(/\/can-bo\/nhap\/\d+$/), officer.getByRole("button", { name: "Kiểm tra tệp" }).click()]);
  const importBatch = new URL(officer.url()).pathname;
  await officer.close();

  const t = (name: string, p: string, role: Role): Target => ({ name, path: p, role });
  return [
    t("home", "/", "public"),
    t("search", `/tim-kiem?q=${encodeURIComponent("xoài cát")}`, "public"),
    t("category", category, "public"),
    t("listing", listing, "public"),
    t("farm", farm, "public"),
    t("price-board", "/gia-ca", "public"),
    t("commodity", commodity, "public"),
    t("market", market, "public"),
    t("login", "/dang-nhap", "public"),
    t("register", "/dang-ky", "public"),
    t("forgot-password", "/quen-mat-khau", "public"),
    t("claim-account", "/nhan-tai-khoan", "public"),
    t("cart", "/gio-hang", "buyer"),
    t("checkout", "/thanh-toan", "buyer"),
    t("orders", "/don-hang", "buyer"),
    t("order", buyerOrder, "buyer"),
    t("account", "/tai-khoan", "buyer"),
    t("seller-home", "/ban-hang", "farmer"),
    t("seller-listings", "/ban-hang/san-pham", "farmer"),
    t("new-listing", "/ban-hang/san-pham/moi", "farmer"),
    t("edit-listing", editListing, "farmer"),
    t("seller-orders", "/ban-hang/don-hang", "farmer"),
    t("seller-order", farmOrder, "farmer"),
    t("seller-profile", "/ban-hang/ho-so", "farmer"),
    t("officer-home", "/can-bo", "officer"),
    t("household", household, "officer"),
    t("dashboard", "/can-bo/tong-quan", "officer"),
    t("import", "/can-bo/nhap", "officer"),
    t("import-batch", importBatch, "officer"),
    t("price-entry", "/can-bo/gia-ca", "officer"),
    t("admin-prices", "/quan-tri/gia", "admin"),
    t("admin-log", "/quan-tri/nhat-ky", "admin"),
    t("admin-payments", "/quan-tri/thanh-toan", "admin"),
  ];
}

/** Pages axe checks beside the measured ones: the rest of the buyer's, seller's, officer's and administrator's areas. */
function axeOnlyPages(measured: Target[]): Target[] {
  const paths: Array<[string, Role]> = [
    ["/ngoai-tuyen", "public"],
    ["/tai-khoan/canh-bao-gia", "buyer"],
    ["/tai-khoan/doi-so-dien-thoai", "buyer"],
    ["/ban-hang/tien", "farmer"],
    ["/ban-hang/van-chuyen", "farmer"],
    ["/ban-hang/danh-gia", "farmer"],
    ["/can-bo/ho/moi", "officer"],
    ["/can-bo/hang-loat", "officer"],
    ["/can-bo/don-hang", "officer"],
    ["/can-bo/khieu-nai", "officer"],
    ["/quan-tri/chi-tieu", "admin"],
    ["/quan-tri/cho", "admin"],
    ["/quan-tri/danh-gia", "admin"],
    ["/quan-tri/doi-soat", "admin"],
    ["/quan-tri/du-lieu", "admin"],
    ["/quan-tri/mat-hang", "admin"],
    ["/quan-tri/tin-nhan", "admin"],
  ];
  const seen = new Set(measured.map((t) => t.path));
  return paths.filter(([p]) => !seen.has(p)).map(([p, role]) => ({ name: p, path: p, role }));
}

interface NetworkItem {
  resourceType?: string;
  transferSize?: number;
}

/** Lighthouse `runs` times on one URL: median LCP, and the bytes of the median run. */
async function measure(url: string, port: number, cookie: string | undefined, name: string) {
  const results = [];
  let retries = 2;
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance"],
      formFactor: "mobile",
      screenEmulation: { mobile: true, width: 412, height: 823, deviceScaleFactor: 1.75, disabled: false },
      throttlingMethod: "simulate",
      throttling: THROTTLING,
      extraHeaders: { "Accept-Language": "vi-VN,vi;q=0.9", ...(cookie ? { Cookie: cookie } : {}) },
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (lhr.runtimeError) {
      // A trace now and then comes back without its navigation start on this loaded machine: run again.
      if (retries-- > 0) {
        log(`Lighthouse on ${url}: ${lhr.runtimeError.code}; again`);
        i--;
        continue;
      }
      throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
    }
    if (lhr.finalDisplayedUrl !== url) throw new Error(`${url} ended at ${lhr.finalDisplayedUrl} (logged out?)`);
    if (lhrDir) {
      fs.mkdirSync(lhrDir, { recursive: true });
      fs.writeFileSync(path.join(lhrDir, `${name}-${i + 1}.json`), JSON.stringify(lhr));
    }
    const lcp = lhr.audits["largest-contentful-paint"].numericValue ?? Number.NaN;
    const items = ((lhr.audits["network-requests"].details as { items?: NetworkItem[] } | undefined)?.items ?? []) as NetworkItem[];
    const js = items.filter((r) => r.resourceType === "Script").reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
    const total = lhr.audits["total-byte-weight"].numericValue ?? 0;
    const element = lcpElement(lhr.audits["largest-contentful-paint-element"]?.details);
    results.push({ lcp: Math.round(lcp), js, total: Math.round(total), element });
  }
  const median = percentile(results.map((r) => r.lcp), 50);
  const run = results.find((r) => r.lcp === median) ?? results[0];
  return { lcp_3g_ms: median, js_gzip_bytes: run.js, total_bytes: run.total, lcp_runs: results.map((r) => r.lcp), lcp_element: run.element };
}

/** The LCP element's selector, from the audit's nested table. */
function lcpElement(details: unknown): string {
  const text = JSON.stringify(details ?? {});
  return text.match(/"selector":"([^"]+)"/)?.[1] ?? "?";
}

/** axe-core on the page as the given role sees it; serious and critical violations are counted and listed. */
async function runAxe(context: BrowserContext, base: string, target: Target): Promise<number> {
  const page = await context.newPage();
  try {
    const response = await page.goto(`${base}${target.path}`);
    const arrived = new URL(page.url());
    if (!response?.ok() || arrived.pathname + arrived.search !== new URL(`${base}${target.path}`).pathname + new URL(`${base}${target.path}`).search) {
      throw new Error(`${target.path} (${target.role}) answered ${response?.status()} at ${page.url()}`);
    }
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(async (values) => {
      const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
    }, AXE_TAGS);
    // Counted as axe counts them (one per rule broken), each element listed.
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const v of serious) for (const t of v.targets) log(`axe ${v.impact} ${v.id} ${t} on ${target.path} (${target.role})`);
    return serious.length;
  } finally {
    await page.close();
  }
}

/** Waits until the worker has made every demo photo (the seed makes the covers; the rest follow in the background). */
async function photosReady(databasePath: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    const { n } = db.prepare("SELECT count(*) AS n FROM listing_photos WHERE status = 'processing'").get() as { n: number };
    db.close();
    if (n === 0) return;
    if (Date.now() > deadline) throw new Error(`${n} demo photos still processing after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function stopProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}

await main();
