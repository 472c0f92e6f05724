import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { loader } from "~/routes/healthz";
import { clearWorkerHealth, onWorkerHealth, setWorkerHealth, WORKER_SILENT_AFTER_MS, workerStatus } from "./health.server";
import { startWorker } from "./worker-host.server";

const db = freshTestDb();
afterAll(() => {
  clearWorkerHealth();
  db.cleanup();
});

async function health() {
  const response = loader();
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function waitFor(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("/healthz", () => {
  it("is ok with a running worker, and 503 naming the worker once it is stopped", async () => {
    const worker = startWorker({ databasePath: db.$client.name, pollMs: 50 });
    try {
      expect(await health()).toEqual({ status: 503, body: { status: "error", database: "ok", worker: "starting" } });
      await waitFor(() => workerStatus() === "ok");
      expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok", worker: "ok" } });
    } finally {
      await worker.stop();
    }
    expect(await health()).toEqual({ status: 503, body: { status: "error", database: "ok", worker: "stopped" } });
  });

  it("stays healthy when this process runs no worker (JOBS_WORKER=false)", async () => {
    clearWorkerHealth();
    expect(await health()).toEqual({ status: 200, body: { status: "ok", database: "ok", worker: "disabled" } });
  });

  it("is 503 naming the database when it cannot be queried", async () => {
    clearWorkerHealth();
    const other = freshTestDb(); // installs itself as the process's database …
    other.$client.close(); // … which then fails every query
    try {
      expect(await health()).toEqual({ status: 503, body: { status: "error", database: "unreachable", worker: "disabled" } });
    } finally {
      other.cleanup();
    }
  });
});

describe("workerStatus", () => {
  it("calls a running thread silent once its loops stop reporting", () => {
    const beat = 1_000_000;
    setWorkerHealth({ state: "running", lastBeatAt: beat });
    expect(workerStatus(beat + WORKER_SILENT_AFTER_MS)).toBe("ok");
    expect(workerStatus(beat + WORKER_SILENT_AFTER_MS + 1)).toBe("silent");
    setWorkerHealth({ state: "restarting" });
    expect(workerStatus(beat)).toBe("restarting");
  });
});

describe("onWorkerHealth", () => {
  it("passes every change on (the primary forwards them to the web processes) until unsubscribed", () => {
    clearWorkerHealth();
    const seen: string[] = [];
    const stop = onWorkerHealth((health) => seen.push(`${health.state}:${health.lastBeatAt}`));
    setWorkerHealth({ state: "running", lastBeatAt: 1 });
    setWorkerHealth({ lastBeatAt: 2 });
    stop();
    setWorkerHealth({ state: "stopped" });
    expect(seen).toEqual(["running:1", "running:2"]);
    clearWorkerHealth();
  });
});
