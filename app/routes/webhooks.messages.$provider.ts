import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { receiveDeliveryCallback } from "~/notifications/callbacks.server";

/**
 * /webhooks/messages/esms (eSMS calls back with a GET) and /webhooks/messages/zns (Zalo posts its
 * OA event): delivery receipts for the outbox, accepted only with NOTIFY_CALLBACK_SECRET.
 */
async function receive({ request, params, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  const answer = await receiveDeliveryCallback(db(), params.provider ?? "", request, context.log);
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

export const loader = receive;
export const action = receive;
