import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import { todayInVietnam } from "~/lib/clock";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { payoutLedgerCsv } from "~/payments/payouts.server";

/** /quan-tri/thanh-toan.csv — the whole payout ledger, one row per completed card-paid order (administrators only). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  const day = todayInVietnam();
  return csvResponse(`so-cai-thanh-toan-${day}.csv`, payoutLedgerCsv(db()), "no-store");
}
