/**
 * Builds the script islands (docs/decisions/0036): every app/islands/<name>.ts (tests aside) is
 * bundled on its own by esbuild — minified, fingerprinted, ES2019 for older phone browsers — into
 * public/islands/, with a manifest (name → URL) that the server reads. A part of `npm run build`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ISLANDS_DIR, ISLANDS_MANIFEST } from "~/lib/page-scripts";

const SOURCE = "app/islands";

export async function buildIslands(): Promise<Record<string, string>> {
  rmSync(ISLANDS_DIR, { recursive: true, force: true });
  mkdirSync(ISLANDS_DIR, { recursive: true });
  const names = (existsSync(SOURCE) ? readdirSync(SOURCE) : [])
    .filter((file) => /^[\w-]+\.ts$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => file.replace(/\.ts$/, ""));
  const manifest: Record<string, string> = {};
  for (const name of names) {
    const result = await build({
      entryPoints: [join(SOURCE, `${name}.ts`)],
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2019",
      platform: "browser",
      tsconfig: "tsconfig.json",
      write: false,
      legalComments: "none",
    });
    const code = result.outputFiles[0].contents;
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 8).toUpperCase();
    const file = `${name}-${hash}.js`;
    writeFileSync(join(ISLANDS_DIR, file), code);
    manifest[name] = `/islands/${file}`;
  }
  writeFileSync(ISLANDS_MANIFEST, JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await buildIslands();
  console.log(`Islands: ${Object.keys(manifest).length} built (${Object.keys(manifest).join(", ") || "none"})`);
}
