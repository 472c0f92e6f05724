import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { bankTransferCsv } from "~/payments/payout-runs.server";

/** /quan-tri/thanh-toan.csv?dot=<run> — a payout run's bank bulk-transfer file (administrators only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAllowed(request, "administer");
  const runId = Number(new URL(request.url).searchParams.get("dot"));
  if (!Number.isSafeInteger(runId) || runId <= 0) throw notFound();
  return csvResponse(`chi-tra-dot-${runId}.csv`, bankTransferCsv(db(), admin, runId), "no-store");
}
