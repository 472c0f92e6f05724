import { describe, expect, it } from "vitest";
import { jobsWorkerPlacement, restartPlan, STABLE_AFTER_MS, webConcurrency } from "./cluster.server";

describe("webConcurrency", () => {
  it("is one web process per core unless told", () => {
    expect(webConcurrency(undefined, "production", 2)).toBe(2);
    expect(webConcurrency(undefined, "test", 8)).toBe(8);
  });
  it("keeps one process under npm run dev unless told", () => {
    expect(webConcurrency(undefined, "development", 8)).toBe(1);
    expect(webConcurrency(3, "development", 8)).toBe(3);
  });
  it("takes WEB_CONCURRENCY as given, never below one", () => {
    expect(webConcurrency(1, "production", 8)).toBe(1);
    expect(webConcurrency(4, "production", 2)).toBe(4);
    expect(webConcurrency(0, "production", 2)).toBe(1);
    expect(webConcurrency(undefined, "production", 0)).toBe(1);
  });
});

describe("jobsWorkerPlacement", () => {
  it("runs the one jobs worker in the primary when there are several web processes", () => {
    expect(jobsWorkerPlacement(2, true)).toBe("primary");
    expect(jobsWorkerPlacement(16, true)).toBe("primary");
  });
  it("runs it in the single process as before, or nowhere when turned off", () => {
    expect(jobsWorkerPlacement(1, true)).toBe("single-process");
    expect(jobsWorkerPlacement(1, false)).toBe("none");
    expect(jobsWorkerPlacement(4, false)).toBe("none");
  });
});

describe("restartPlan", () => {
  it("restarts soon after a death that follows a good run", () => {
    expect(restartPlan(0, STABLE_AFTER_MS)).toEqual({ failures: 1, delayMs: 500 });
    // earlier crashes are forgotten once a process ran long enough
    expect(restartPlan(7, 60 * 60_000)).toEqual({ failures: 1, delayMs: 500 });
  });
  it("doubles the wait while processes keep dying young, up to 30 s", () => {
    const delays: number[] = [];
    let failures = 0;
    for (let i = 0; i < 9; i++) {
      const plan = restartPlan(failures, 1_000);
      failures = plan.failures;
      delays.push(plan.delayMs);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
