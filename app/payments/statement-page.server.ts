/**
 * The household /ban-hang/tien (and its CSV) shows: the farmer's own, or the one named by ?ho=<id>
 * for whoever the access policy lets see it on its behalf (an administrator; staff of the area for a
 * household nobody has claimed).
 */
import { redirect } from "@remix-run/node";
import { allows, authorize, mayViewFarmMoney, requireUser } from "~/accounts/access.server";
import type { SessionUser } from "~/accounts/session.server";
import { getHousehold, requireOwnHousehold, type Household } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";

export async function statementHouseholdFor(db: Db, request: Request): Promise<{ user: SessionUser; household: Household; onBehalf: boolean; query: string }> {
  const param = new URL(request.url).searchParams.get("ho");
  const user = await requireUser(request);
  let household: Household | undefined;
  if (param === null) {
    if (allows(user, "useOfficerWorkspace")) throw redirect(allows(user, "administer") ? "/quan-tri/thanh-toan" : "/can-bo");
    household = (await requireOwnHousehold(request)).household;
  } else {
    const id = Number(param);
    household = Number.isSafeInteger(id) && id > 0 ? getHousehold(db, id) : undefined;
    if (!household) throw notFound();
  }
  const access = mayViewFarmMoney(db, user, household);
  authorize(access.allowed);
  return { user, household, onBehalf: access.onBehalf, query: param === null ? "" : `?ho=${household.id}` };
}
