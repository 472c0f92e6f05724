import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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
