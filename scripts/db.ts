/**
 * Database commands: `migrate` (apply migrations, load the administrative units and the reference
 * commodities and markets),
 * `seed` (demo data, only into a database with no users), `reset` (delete the file and start over).
 * Usage: tsx scripts/db.ts migrate|seed|reset
 */
import fs from "node:fs";
import path from "node:path";
import { closeDb, db } from "~/lib/db.server";
import { env, EnvError } from "~/lib/env.server";
import { loadReferenceData } from "~/prices/reference.server";
import { prepareDatabase } from "~/startup.server";

const command = process.argv[2];
const usage = "usage: tsx scripts/db.ts migrate|seed|reset";

/** The shipped commodities and markets, whatever SEED_DEMO says (idempotent). */
function reportReference() {
  const loaded = loadReferenceData(db());
  if (loaded.commoditiesAdded + loaded.marketsAdded > 0) console.log(`Reference data: ${loaded.commoditiesAdded} commodities, ${loaded.marketsAdded} markets added`);
}

async function main() {
  const file = env().DATABASE_PATH;
  switch (command) {
    case "migrate":
      await prepareDatabase(db(), { seed: false });
      reportReference();
      console.log(`Migrated ${file}`);
      break;
    case "seed": {
      const { seeded } = await prepareDatabase(db(), { seed: true });
      console.log(seeded ? `Seeded demo data into ${file}` : `${file} already has users: nothing seeded`);
      break;
    }
    case "reset": {
      closeDb();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(path.resolve(file + suffix), { force: true });
      const { seeded } = await prepareDatabase(db());
      reportReference();
      console.log(`Reset ${file}${seeded ? " with demo data" : ""}`);
      break;
    }
    default:
      console.error(usage);
      process.exit(2);
  }
  closeDb();
}

main().catch((error) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
