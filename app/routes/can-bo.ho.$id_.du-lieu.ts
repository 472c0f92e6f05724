import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, mayManageHousehold, requireAllowed } from "~/accounts/access.server";
import { getHousehold } from "~/households/records.server";
import { exportHouseholdData, exportResponse } from "~/households/privacy.server";
import { db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";

/**
 * /can-bo/ho/<id>/du-lieu — a household's personal data as JSON, for an officer of its area or an
 * administrator (recorded in the activity log). Staff first, so others learn nothing about the id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = Number(params.id);
  const household = Number.isInteger(id) && id > 0 ? getHousehold(db(), id) : undefined;
  if (!household) throw notFound();
  authorize(mayManageHousehold(db(), user, household));
  return exportResponse(exportHouseholdData(db(), user, household.id), household.id);
}
