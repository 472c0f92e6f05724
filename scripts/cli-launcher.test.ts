/**
 * scripts/cli.mjs reuses its bundle while the files it was built from are as its manifest recorded them,
 * and rebuilds it when one of them changed (decision 0042).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const BUNDLE = path.join(ROOT, "build/cli/import-listings.mjs");
const MANIFEST = path.join(ROOT, "build/cli/import-listings.inputs.json");
// An input of the bundle: given a new modification time (its content stays), it counts as changed.
const INPUT = "app/imports/listings-headers.ts";

/** The launcher without a file: it bundles (or not), then the command answers with its usage (exit 2). */
function launch() {
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts/cli.mjs"), "import-listings"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", JOBS_WORKER: "false" },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.status).toBe(2);
  return fs.statSync(BUNDLE).mtimeMs;
}

describe("the import launcher's bundle", () => {
  it("is reused while its inputs are unchanged and rebuilt when one changes", () => {
    launch();
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8")) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["scripts/cli.mjs", INPUT, "app/imports/check-worker.entry.ts"]));
    const built = fs.statSync(BUNDLE).mtimeMs;
    expect(launch()).toBe(built);

    const now = new Date();
    fs.utimesSync(path.join(ROOT, INPUT), now, now);
    expect(launch()).not.toBe(built);
  });
});
