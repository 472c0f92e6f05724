import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isProcessAlive } from "./process-alive.server";

describe("isProcessAlive", () => {
  it("is true for a running process and false once a process has exited", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const finished = spawnSync(process.execPath, ["-e", ""]);
    expect(finished.pid).toBeGreaterThan(0);
    expect(isProcessAlive(finished.pid as number)).toBe(false);
  });
});
