/**
 * Every job kind the worker thread can run. A capability adds its kind by registering a handler
 * here or in a module imported here (e.g. `import "~/imports/jobs.server";`), because the worker
 * thread imports this file, not the Remix bundle.
 */
import { backupDatabase } from "~/lib/backup.server";
import { env } from "~/lib/env.server";
import { registerJobHandler } from "~/jobs/registry.server";
// Listing photos: WebP variants without metadata (app/listings/jobs.server.ts).
import "~/listings/jobs.server";
// Orders: expire unpaid transfers and card checkouts, complete delivered orders (app/orders/jobs.server.ts).
import "~/orders/jobs.server";
// Household and listing imports confirmed on the upload page (app/imports/jobs.server.ts).
import "~/imports/jobs.server";
// Bulk actions over a filtered set of households (app/households/bulk-jobs.server.ts).
import "~/households/bulk-jobs.server";
// The weekly price-alert digest (app/alerts/jobs.server.ts).
import "~/alerts/jobs.server";

/** Online backup of the live database into BACKUP_DIR (e.g. queued nightly or by an admin). */
registerJobHandler("backup.database", async (_job, ctx) => {
  ctx.progress(0, 1);
  const { file, bytes } = await backupDatabase(ctx.db, env().BACKUP_DIR);
  ctx.progress(1, 1);
  return { file, bytes };
});
