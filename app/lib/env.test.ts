import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("gives safe defaults for a fresh clone", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-env-"));
    const env = parseEnv({ DATABASE_PATH: path.join(dir, "app.db") });
    expect(env.PORT).toBe(3000);
    expect(env.HOME_PROVINCE_CODE).toBe("82");
    expect(env.NOTIFY_TRANSPORT).toBe("log");
    // A generated secret is kept beside the database and reused.
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseEnv({ DATABASE_PATH: path.join(dir, "app.db") }).SESSION_SECRET).toBe(env.SESSION_SECRET);
    expect(fs.existsSync(path.join(dir, ".session-secret"))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives processes that start at once the same generated secret", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-env-"));
    const script = `import { localSessionSecret } from "./app/lib/env.server.ts"; process.stdout.write(localSessionSecret(${JSON.stringify(path.join(dir, "app.db"))}));`;
    const secrets = await Promise.all(
      Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        return new Promise<string>((resolve) => child.once("exit", () => resolve(out)));
      }),
    );
    expect(secrets[0].length).toBeGreaterThanOrEqual(32);
    expect(new Set(secrets).size).toBe(1);
    expect(fs.readFileSync(path.join(dir, ".session-secret"), "utf8")).toBe(secrets[0]);
    // nothing left aside by the processes that lost the race
    expect(fs.readdirSync(dir)).toEqual([".session-secret"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes no secret file for an in-memory database", () => {
    const before = fs.existsSync(".session-secret");
    parseEnv({ DATABASE_PATH: ":memory:" });
    expect(fs.existsSync(".session-secret")).toBe(before);
  });

  it("names the variable and the value that are wrong", () => {
    expect(() => parseEnv({ PORT: "abc", DATABASE_PATH: ":memory:" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "abc", SESSION_SECRET: "short", DATABASE_PATH: ":memory:" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT="abc"');
      expect(message).toContain("SESSION_SECRET");
      expect(message).toContain("at least 32 characters");
    }
  });

  it("requires a webhook URL when the webhook transport is chosen", () => {
    expect(() => parseEnv({ NOTIFY_TRANSPORT: "webhook", DATABASE_PATH: ":memory:" })).toThrow(/NOTIFY_WEBHOOK_URL/);
  });
});
