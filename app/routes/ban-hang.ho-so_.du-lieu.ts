import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOwnHousehold } from "~/households/records.server";
import { exportHouseholdData, exportResponse } from "~/households/privacy.server";
import { db } from "~/lib/db.server";

/** /ban-hang/ho-so/du-lieu — the owner downloads everything held about their household (the id comes from the session). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, household } = await requireOwnHousehold(request);
  return exportResponse(exportHouseholdData(db(), user, household.id), household.id);
}
