/**
 * Every job kind the worker thread can run. A capability adds its kind by registering a handler
 * here or in a module imported here (e.g. `import "~/imports/jobs.server";`), because the worker
 * thread imports this file, not the Remix bundle.
 */
import { backupDatabase, pruneBackups } from "~/lib/backup.server";
import { now } from "~/lib/clock";
import { env } from "~/lib/env.server";
import { ensureBackupScheduled, SCHEDULED_BACKUP_JOB } from "~/jobs/backup-schedule.server";
import { registerJobHandler } from "~/jobs/registry.server";
// Listing photos: WebP variants without metadata (app/listings/jobs.server.ts).
import "~/listings/jobs.server";
// Orders: expire unpaid transfers and card checkouts, complete delivered orders (app/orders/jobs.server.ts).
import "~/orders/jobs.server";
// Packed weights the buyer did not answer in time fall back to the ordered quantities (app/orders/packing-jobs.server.ts).
import "~/orders/packing-jobs.server";
// Household and listing imports confirmed on the upload page (app/imports/jobs.server.ts).
import "~/imports/jobs.server";
// Bulk actions over a filtered set of households (app/households/bulk-jobs.server.ts).
import "~/households/bulk-jobs.server";
// The weekly price-alert digest (app/alerts/jobs.server.ts).
import "~/alerts/jobs.server";
// Shipments with the delivery partners: create, cancel, update COD (app/shipping/jobs.server.ts).
import "~/shipping/jobs.server";
// Complaints: up a level when unanswered in time, decided refunds retried (app/complaints/jobs.server.ts).
import "~/complaints/jobs.server";

/** Online backup of the live database into BACKUP_DIR (e.g. queued nightly or by an admin). */
registerJobHandler("backup.database", async (_job, ctx) => {
  ctx.progress(0, 1);
  const { file, bytes } = await backupDatabase(ctx.db, env().BACKUP_DIR);
  ctx.progress(1, 1);
  return { file, bytes };
});

/**
 * The scheduled backup (BACKUP_INTERVAL_HOURS): a backup, then the retention rule over BACKUP_DIR
 * (BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY; our file names only), then the next run queued.
 */
registerJobHandler(SCHEDULED_BACKUP_JOB, async (job, ctx) => {
  const config = env();
  ctx.progress(0, 2);
  const { file, bytes } = await backupDatabase(ctx.db, config.BACKUP_DIR);
  ctx.progress(1, 2);
  const { kept, deleted } = pruneBackups(config.BACKUP_DIR, { keepDaily: config.BACKUP_KEEP_DAILY, keepWeekly: config.BACKUP_KEEP_WEEKLY });
  if (deleted.length) ctx.log.info({ deleted }, "old backups deleted");
  ctx.progress(2, 2);
  const next = ensureBackupScheduled(ctx.db, { intervalHours: config.BACKUP_INTERVAL_HOURS, now: now(), finishing: job.id });
  return { file, bytes, kept: kept.length, deleted, next };
});
