import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/lib/clock";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { statementCsv } from "~/payments/statement.server";
import { statementHouseholdFor } from "~/payments/statement-page.server";

/** /ban-hang/tien.csv — every entry of the farm's statement, for its own bookkeeping. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household } = await statementHouseholdFor(db(), request);
  return csvResponse(`so-tien-${household.id}-${todayInVietnam()}.csv`, statementCsv(db(), household.id), "private, no-store");
}
