import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    setupFiles: ["./tests/setup-env.ts"],
    testTimeout: 20_000,
    // Set-up hooks seed the whole demo (orders in every state, after-the-sale data): on a busy
    // two-core CI machine that can pass 10 s. An allowance, not a measure: speed is benchmarked.
    hookTimeout: 60_000,
    pool: "forks",
  },
});
