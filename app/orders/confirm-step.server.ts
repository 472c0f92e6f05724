import type { OrderStatus } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { AUTO_COMPLETE_DAYS, assertStepAllowed, type OrderActor } from "./state-machine.server";

/** Farm steps that cannot be undone: the buyer is told, stock goes back, the order closes. */
const IRREVERSIBLE_STEPS = ["delivered", "rejected"] as const;
export type IrreversibleStep = (typeof IRREVERSIBLE_STEPS)[number];

function isIrreversible(to: OrderStatus): to is IrreversibleStep {
  return (IRREVERSIBLE_STEPS as readonly OrderStatus[]).includes(to);
}

/** The confirmation an order page shows before an irreversible step (ConfirmStep.tsx draws it). */
export interface PendingConfirmation {
  intent: string;
  to: IrreversibleStep;
  reason: string;
  /** for "delivered": the order completes by itself after this many days */
  days: number;
}

/**
 * The one server rule for irreversible steps, for every page that offers them (the farm's order
 * page, the officer's on-behalf block): a post without `confirm=1` changes nothing and gets the
 * confirmation step back; only the post from that step acts. The step is checked first (a dry run
 * of transitionOrder), so a refused step — or a missing reason — is said before asking to confirm.
 * Returns null when the step may go ahead now.
 */
export function pendingConfirmation(db: Db, actor: OrderActor, orderId: number, intent: string, to: OrderStatus, form: FormData): PendingConfirmation | null {
  if (!isIrreversible(to) || form.get("confirm") === "1") return null;
  const reason = to === "rejected" ? String(form.get("reason") ?? "") : "";
  assertStepAllowed(db, actor, orderId, to, reason);
  return { intent, to, reason, days: AUTO_COMPLETE_DAYS };
}
