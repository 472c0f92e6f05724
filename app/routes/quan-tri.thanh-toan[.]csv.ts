import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/accounts/permissions.server";
import { todayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { payoutLedgerCsv } from "~/payments/payouts.server";

/** /quan-tri/thanh-toan.csv — the whole payout ledger, one row per completed card-paid order (administrators only). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const day = todayInVietnam();
  return new Response(payoutLedgerCsv(db()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="so-cai-thanh-toan-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
