import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, waitForServer } from "../support/server";

/** The server process itself: bad configuration, health, headers, shutdown. No browser needed. */

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", LOG_LEVEL: "warn", SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

test("a bad environment variable stops start-up with a message naming it", async () => {
  const server = startServer({ PORT: "not-a-port", DATABASE_PATH: path.join(os.tmpdir(), "cns-bad-env.db") });
  const code = await server.exited;
  expect(code).toBe(78);
  expect(server.output()).toContain("PORT=");
  expect(server.output()).not.toMatch(/\n\s+at /); // a message, not a stack trace
});

test("health, security headers, and a clean exit on SIGTERM", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-server-"));
  const port = await freePort();
  // Served behind an https proxy: HSTS goes out with every response.
  const server = startServer({ PORT: String(port), DATABASE_PATH: path.join(dir, "app.db"), PUBLIC_URL: "https://cho.example.vn" });
  try {
    const health = await waitForServer(`http://127.0.0.1:${port}/healthz`, server.child, 30_000);
    expect(await health.json()).toEqual({ status: "ok", database: "ok", worker: "ok" });

    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(home.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(home.headers.get("x-content-type-options")).toBe("nosniff");
    expect(home.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(home.headers.get("x-request-id")).toBeTruthy();
    expect(home.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");

    // A body no form parser reads: the error page with 415, not a 500 (the server wraps every action).
    const notAForm = await fetch(`http://127.0.0.1:${port}/dang-nhap`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "phone=1" });
    expect(notAForm.status).toBe(415);
    expect(await notAForm.text()).toContain("Máy chủ không đọc được biểu mẫu");

    const crossSite = await fetch(`http://127.0.0.1:${port}/ngon-ngu`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "locale=en",
    });
    expect(crossSite.status).toBe(403);
  } finally {
    server.child.kill("SIGTERM");
  }
  const started = Date.now();
  expect(await server.exited).toBe(0);
  expect(Date.now() - started).toBeLessThan(8_000);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the browser bundle holds no server code or secrets", async () => {
  const files: string[] = [];
  const walk = (d: string) =>
    fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
  walk("public/build");
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const needle of ["better-sqlite3", "drizzle-orm", "SESSION_SECRET", "@node-rs/argon2", "password_hash"]) {
      expect({ file, needle, found: text.includes(needle) }).toEqual({ file, needle, found: false });
    }
  }
});
