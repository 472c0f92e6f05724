/**
 * The activity log: what officers and administrators did, for administrators to read. Capability
 * modules record their own actions in the same transaction as the change, so the log never claims
 * something that was rolled back.
 */
import { activityLog } from "../../db/schema";
import type { Db } from "~/lib/db.server";

export { ACTIVITY_ACTIONS, type ActivityAction } from "./actions";
import type { ActivityAction } from "./actions";

interface ActivityInput {
  actorUserId: number | null;
  action: ActivityAction;
  householdId?: number | null;
  listingId?: number | null;
  batchId?: number | null;
  communeCode?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

export function recordActivity(db: Db, input: ActivityInput): void {
  db.insert(activityLog)
    .values({
      actorUserId: input.actorUserId,
      action: input.action,
      householdId: input.householdId ?? null,
      listingId: input.listingId ?? null,
      batchId: input.batchId ?? null,
      communeCode: input.communeCode ?? null,
      detail: input.detail ?? null,
    })
    .run();
}
