import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/lib/db.server";
import { receiveCarrierWebhook } from "~/shipping/webhook.server";

/**
 * /webhooks/carriers/ghn and /webhooks/carriers/ghtk: the delivery partners' status callbacks,
 * accepted only with CARRIER_WEBHOOK_SECRET (?token= in the registered URL, or X-Webhook-Secret).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const answer = await receiveCarrierWebhook(db(), params.carrier ?? "", request, context.log);
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  return json({ error: "POST only" }, { status: 405, headers: { Allow: "POST" } });
}
