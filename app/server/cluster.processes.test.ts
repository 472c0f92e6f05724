/**
 * The real server with two web processes (decision 0038), over a fresh database file: state kept by one
 * process is seen by the other. Each request opens its own connection (`Connection: close`), so the
 * primary hands consecutive requests to the web processes in turn; the `X-Served-By` header (the serving
 * pid, sent outside production only) says which one answered, and the tests check it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, TEST_PASSWORD, testPhone } from "~/accounts/test-utils";
import { openDatabase } from "~/lib/db.server";
import { isProcessAlive } from "~/lib/process-alive.server";
import { ISLANDS_MANIFEST } from "~/lib/page-scripts";
import { RATE_POLICY } from "~/prices/api.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { listingInput, verifiedSeller } from "~/listings/test-utils";
import { prepareDatabase } from "~/startup.server";
import { freePort, waitForServer } from "../../tests/support/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-cluster-"));
const databasePath = path.join(dir, "app.db");
let base = "";
let server: ChildProcess;
let buyerPhone = "";
let farmerCookie = "";
let listingId = 0;

interface Answer {
  status: number;
  pid: string;
  text: string;
  location: string | null;
  cookie: string | null;
}

/** One request on its own connection; redirects are not followed. */
async function send(pathname: string, init: { method?: string; form?: Record<string, string>; cookie?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { Connection: "close", "Accept-Language": "vi", Origin: base };
  if (init.cookie) headers.Cookie = init.cookie;
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  if (body) headers["Content-Type"] = "application/x-www-form-urlencoded";
  const res = await fetch(base + pathname, {
    method: init.method ?? (body ? "POST" : "GET"),
    headers,
    body,
    redirect: "manual",
    // an unanswered request fails here rather than hanging the test
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: res.status,
    pid: res.headers.get("x-served-by") ?? "",
    text: await res.text(),
    location: res.headers.get("location"),
    cookie: res.headers.get("set-cookie")?.split(";")[0] ?? null,
  };
}

/** Cheap requests until `pid` served one: the next connection then goes to the other process. */
async function after(pid: string) {
  for (let i = 0; i < 10; i++) if ((await send("/healthz")).pid === pid) return;
  throw new Error(`process ${pid} served none of 10 requests`);
}

/** Sends on the process that is not `pid` (and checks that it was). */
async function onOtherThan(pid: string, pathname: string, init: Parameters<typeof send>[1] = {}) {
  await after(pid);
  const answer = await send(pathname, init);
  expect(answer.pid, "served by the other web process").not.toBe(pid);
  return answer;
}

beforeAll(async () => {
  if (!fs.existsSync("build/index.js") || !fs.existsSync(ISLANDS_MANIFEST)) {
    const built = spawnSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("npm run build failed");
  }
  const db = openDatabase(databasePath);
  await prepareDatabase(db, { seed: false });
  buyerPhone = (await makeUser(db, "buyer")).phone;
  const { farmer, household } = await verifiedSeller(db);
  const listing = createListing(db, farmer, household.id, listingInput({ title: "Xoài cát Hòa Lộc cụm", priceVnd: 45_000 }));
  setListingStatus(db, farmer, listing.id, "published");
  listingId = listing.id;
  db.$client.close();

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    WEB_CONCURRENCY: "2",
    DATABASE_PATH: databasePath,
    UPLOADS_DIR: path.join(dir, "uploads"),
    SEED_DEMO: "false",
    JOBS_WORKER: "true",
  };
  // The secret is generated beside the database, as on a fresh install: both processes must read the one file.
  delete env.SESSION_SECRET;
  server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/healthz`, server);
  // The first process answers as soon as it listens; wait for the second.
  const started = new Set<string>();
  for (let i = 0; i < 600 && started.size < 2; i++) {
    started.add((await send("/healthz")).pid);
    if (started.size < 2) await new Promise((r) => setTimeout(r, 100));
  }
  const login = await send("/dang-nhap", { form: { phone: farmer.phone, password: TEST_PASSWORD } });
  expect(login.status).toBe(302);
  farmerCookie = login.cookie!;
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGKILL");
    await new Promise((r) => server.once("exit", r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("two web processes over one database", () => {
  it("serves consecutive connections from two processes that share a port", async () => {
    const pids = new Set<string>();
    for (let i = 0; i < 4; i++) pids.add((await send("/healthz")).pid);
    expect(pids.size).toBe(2);
  });

  it("keeps a buyer signed in whichever process answers", async () => {
    const login = await send("/dang-nhap", { form: { phone: buyerPhone, password: TEST_PASSWORD } });
    expect(login.status).toBe(302);
    expect(login.cookie).toMatch(/^__session=/);
    const account = await onOtherThan(login.pid, "/tai-khoan", { cookie: login.cookie! });
    expect(account.status).toBe(200);
    expect(account.text).toContain("Test buyer");
    // and signed out without the cookie, on that same process
    expect((await onOtherThan(login.pid, "/tai-khoan")).status).toBe(302);
  });

  it("counts a rate limit across both processes", async () => {
    const phone = testPhone();
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await send("/quen-mat-khau", { form: { phone } }));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([302, 302, 302]);
    const refused = answers[3];
    expect(refused.status).toBe(429);
    // The process that refused had itself let fewer than three through: the count is shared.
    const itsOwn = answers.slice(0, 3).filter((a) => a.pid === refused.pid).length;
    expect(itsOwn).toBeLessThan(3);
    expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
  });

  it("counts the public price API's quota across both processes", async () => {
    const answers: Answer[] = [];
    for (let i = 0; i <= RATE_POLICY.quota; i++) answers.push(await send("/api/prices"));
    expect(answers.slice(0, RATE_POLICY.quota).every((a) => a.status === 200)).toBe(true);
    const refused = answers[RATE_POLICY.quota];
    expect(refused.status).toBe(429);
    // Each process let through about half: the quota is one count for the client, not one per process.
    const itsOwn = answers.slice(0, RATE_POLICY.quota).filter((a) => a.pid === refused.pid).length;
    expect(itsOwn).toBeLessThan(RATE_POLICY.quota);
  });

  it("accepts on one process a one-time code issued by the other", async () => {
    const db = new Database(databasePath);
    try {
      const user = db.prepare("select phone from users where role = 'buyer' limit 1").get() as { phone: string };
      const issued = await send("/quen-mat-khau", { form: { phone: user.phone } });
      expect(issued.status).toBe(302);
      const message = db.prepare("select id, body from outbox where recipient = ? order by id desc limit 1").get(user.phone) as { id: number; body: string };
      const code = /\b(\d{6})\b/.exec(message.body)?.[1];
      expect(code).toBeDefined();
      const reset = await onOtherThan(issued.pid, "/quen-mat-khau/xac-nhan", {
        form: { phone: user.phone, code: code!, password: "Bưởi da xanh Mỏ Cày 2027" },
      });
      expect(reset.status).toBe(302);
      expect(reset.location).toBe("/tai-khoan");
      // The one jobs worker (in the primary) delivers what a web process queued.
      let status = "pending";
      for (let i = 0; i < 50 && status === "pending"; i++) {
        await new Promise((r) => setTimeout(r, 200));
        status = (db.prepare("select status from outbox where id = ?").get(message.id) as { status: string }).status;
      }
      expect(status).toBe("sent");
    } finally {
      db.close();
    }
  });

  it("shows a catalog change made through one process on the other at once", async () => {
    const search = "/tim-kiem?q=xoai+cat+hoa+loc+cum";
    // Both processes have the search cached before the change.
    const first = await send(search);
    const second = await onOtherThan(first.pid, search);
    for (const page of [first, second]) expect(page.text).toMatch(/45[.,]000/);
    const edit = await send("/ban-hang/san-pham", { form: { listingId: String(listingId), price: "47300", stock: "150" }, cookie: farmerCookie });
    expect(edit.status).toBe(302);
    const seen = await onOtherThan(edit.pid, search);
    expect(seen.text).toMatch(/47[.,]300/);
    expect(seen.text).not.toMatch(/45[.,]000/);
  });

  it("reports the primary's jobs worker as healthy from every process", async () => {
    const a = await send("/healthz");
    const b = await onOtherThan(a.pid, "/healthz");
    for (const answer of [a, b]) expect(JSON.parse(answer.text)).toMatchObject({ status: "ok", worker: "ok" });
  });

  it("serves the metrics of both processes from either", async () => {
    const healthzCount = (text: string) =>
      [...text.matchAll(/^cns_http_request_duration_seconds_count\{[^}]*route="routes\/healthz"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const before = await send("/metrics");
    expect(before.status).toBe(200);
    const pids = new Set<string>();
    for (let i = 0; i < 6; i++) pids.add((await send("/healthz")).pid);
    expect(pids.size).toBe(2);
    const after = await send("/metrics");
    // every request counted once, whichever process answered it
    expect(healthzCount(after.text) - healthzCount(before.text)).toBe(6);
    // a figure read from the database is reported once, not once per process
    expect(after.text.match(/^cns_jobs_failed /gm)).toHaveLength(1);
    expect(after.text).toMatch(/^cns_jobs_failed 0$/m);
  });

  it("replaces a web process that dies and keeps answering", async () => {
    const before = new Set<string>();
    for (let i = 0; i < 4; i++) before.add((await send("/healthz")).pid);
    const [victim, survivor] = [...before];
    process.kill(Number(victim), "SIGKILL");
    // A connection handed to it at the instant it was killed is lost with its requests in flight; the
    // primary knows within moments, and from then on every request must be answered.
    while (isProcessAlive(Number(victim))) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    const seen = new Set<string>();
    // A web process takes a few seconds to start (longer on a loaded machine).
    const deadline = Date.now() + 80_000;
    while (Date.now() < deadline) {
      const answer = await send("/healthz");
      expect(answer.status).toBe(200);
      seen.add(answer.pid);
      if ([...seen].some((pid) => !before.has(pid))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.has(victim)).toBe(false);
    expect(seen.has(survivor)).toBe(true);
    expect([...seen].filter((pid) => !before.has(pid))).toHaveLength(1);
  }, 90_000);

  it("drains on SIGTERM: a request in flight is answered, then every process exits and the primary exits 0", async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 4; i++) pids.add(Number((await send("/healthz")).pid));
    // A log-in whose body arrives only after the signal: in flight while the server drains.
    const body = new URLSearchParams({ phone: buyerPhone, password: "wrong password here" }).toString();
    const answered = new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/dang-nhap`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), Origin: base },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    expect(await answered).toBe(401); // the wrong password's answer, after the signal
    expect(await exited).toBe(0);
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  });
});
