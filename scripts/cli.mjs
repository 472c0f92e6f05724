// The bulk importers' launcher: `node scripts/cli.mjs import-households FILE …` (npm run import-households).
// It runs the command and the import's check worker from an esbuild bundle in build/cli, in this process.
// Loading the importer's few hundred modules through the TypeScript loader took ≈ 0.4 s of a 4–5 s import
// and a loader thread of memory, in the process and in its worker (decision 0007). The bundle is rebuilt
// when any file it was built from (or this launcher) differs from what its manifest recorded — never
// stale — and reused otherwise: bundling cost 0.1–0.6 s of every run, most of a small file's import
// (decision 0042). Plain JavaScript, so it runs without that loader.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const COMMANDS = {
  "import-households": "scripts/import-households.ts",
  "import-listings": "scripts/import-listings.ts",
};
const OUT_DIR = "build/cli";
const WORKER = "check-worker";
const PRESTART = "check-rows";
const LAUNCHER = path.relative(process.cwd(), fileURLToPath(import.meta.url));

const name = process.argv[2];
if (!Object.hasOwn(COMMANDS, name)) {
  console.error(`usage: node scripts/cli.mjs ${Object.keys(COMMANDS).join("|")} [arguments]`);
  process.exit(2);
}
const MANIFEST = path.join(OUT_DIR, `${name}.inputs.json`);
const BUNDLE = path.join(OUT_DIR, `${name}.mjs`);
// The worker's bundles are shared by both commands (built from the same files, the same bytes): a build of
// the other command rewrites them, so only their presence is checked here.
const SHARED = [WORKER, PRESTART].map((entry) => path.join(OUT_DIR, `${entry}.mjs`));

/** Size and modification time of a file, or null when it is gone. */
function stamp(file) {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The bundle is current when every input (and the launcher) has the size and time recorded when it was built. */
function bundleIsCurrent() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return false;
  }
  const recorded = { ...manifest.inputs, [BUNDLE]: manifest.bundle };
  return (
    manifest.inputs?.[LAUNCHER] !== undefined &&
    SHARED.every((file) => fs.existsSync(file)) &&
    Object.entries(recorded).every(([file, value]) => stamp(file) === value)
  );
}

if (!bundleIsCurrent()) await bundle();

async function bundle() {
  const { build } = await import("esbuild");
  const started = Date.now();
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
      metafile: true,
      write: false,
      logLevel: "warning",
    });
  } catch {
    // esbuild has printed what it could not compile (file, line, reason) above.
    console.error(`${name}: the importer's source does not compile; nothing was imported.`);
    process.exit(2);
  }
  const inputs = {};
  let editedDuringBuild = false;
  for (const file of [LAUNCHER, ...Object.keys(result.metafile.inputs)]) {
    inputs[file] = stamp(file);
    // A file saved while esbuild read it may be in the bundle as it was before: no manifest, rebuilt next run.
    if (inputs[file] === null || Number(inputs[file].split(":")[1]) >= started) editedDuringBuild = true;
  }
  // Written aside and renamed: two imports started at once never read a half-written bundle. The manifest
  // last, with the bundle's own stamp: a run stopped midway, or a bundle changed by hand, is rebuilt.
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.rmSync(MANIFEST, { force: true });
  for (const file of result.outputFiles) writeAside(file.path, file.contents);
  if (editedDuringBuild) return;
  writeAside(MANIFEST, JSON.stringify({ inputs, bundle: stamp(BUNDLE) }));
}

function writeAside(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

// The command reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);
// A large file's rows are checked in a worker thread: started from the small bundle of check-rows before
// the command's bundle and its packages load, it is ready when the import begins (decision 0007).
const { prestartCheckWorker } = await import(pathToFileURL(path.resolve(OUT_DIR, `${PRESTART}.mjs`)).href);
prestartCheckWorker(process.argv.slice(2));
await import(pathToFileURL(path.resolve(OUT_DIR, `${name}.mjs`)).href);
