// The bulk importers' launcher: `node scripts/cli.mjs import-households FILE …` (npm run import-households).
// It bundles the command and the import's check worker with esbuild (≈ 50 ms, every run: never stale) and
// runs the bundle in this process. Loading the importer's few hundred modules through the TypeScript
// loader took ≈ 0.4 s of a 4–5 s import and a loader thread of memory, in the process and in its worker
// (decision 0007). Plain JavaScript, so it runs without that loader.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const COMMANDS = {
  "import-households": "scripts/import-households.ts",
  "import-listings": "scripts/import-listings.ts",
};
const OUT_DIR = "build/cli";
const WORKER = "check-worker";
const PRESTART = "check-rows";

const name = process.argv[2];
if (!Object.hasOwn(COMMANDS, name)) {
  console.error(`usage: node scripts/cli.mjs ${Object.keys(COMMANDS).join("|")} [arguments]`);
  process.exit(2);
}

let result;
try {
  result = await build({
    entryPoints: { [name]: COMMANDS[name], [WORKER]: "app/imports/check-worker.entry.ts", [PRESTART]: "app/imports/check-rows.server.ts" },
    outdir: OUT_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // node_modules load as they are (native modules, exceljs on demand); only the app's code is bundled
    packages: "external",
    define: { __CHECK_WORKER_BUNDLE__: JSON.stringify(`${OUT_DIR}/${WORKER}.mjs`) },
    write: false,
    logLevel: "warning",
  });
} catch {
  // esbuild has printed what it could not compile (file, line, reason) above.
  console.error(`${name}: the importer's source does not compile; nothing was imported.`);
  process.exit(2);
}

// Written aside and renamed: two imports started at once never read a half-written bundle.
fs.mkdirSync(OUT_DIR, { recursive: true });
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
}

// The command reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);
// A large file's rows are checked in a worker thread: started from the small bundle of check-rows before
// the command's bundle and its packages load, it is ready when the import begins (decision 0007).
const { prestartCheckWorker } = await import(pathToFileURL(path.resolve(OUT_DIR, `${PRESTART}.mjs`)).href);
prestartCheckWorker(process.argv.slice(2));
await import(pathToFileURL(path.resolve(OUT_DIR, `${name}.mjs`)).href);
