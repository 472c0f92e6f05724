/**
 * A local fake of Zalo ZNS's template-message API and the Official Account's delivery webhook:
 * - POST /message/template with header access_token and JSON { phone, template_id, template_data, tracking_id };
 * - HTTP 200 with { error: 0, message: "Success", data: { msg_id, sent_time, quota } } when sent, a
 *   negative error otherwise (-124 invalid access token, -108 invalid phone, -114 a user Zalo cannot reach,
 *   -109 unknown template);
 * - the receipt is a POST of the event "user_received_message" with msg_id and tracking_id.
 */
import crypto from "node:crypto";
import { sendOverHttp, startJsonServer, type CallbackSender, type FakeServer } from "./http";

export interface ZnsFakeMessage {
  msgId: string;
  phone: string;
  templateId: string;
  templateData: Record<string, unknown>;
  trackingId: string | null;
}

export interface ZnsFake extends FakeServer {
  requests: Array<{ accessToken: string | undefined; body: Record<string, unknown> }>;
  messages: ZnsFakeMessage[];
  /** the receipts sent, with the delivery time they reported */
  deliveries: Array<{ msgId: string; deliveryTime: number }>;
  /** the OA webhook tells the app a message reached the phone; returns the app's answer */
  deliver(msgId: string, webhookUrl: string): Promise<Response>;
}

export async function startZnsFake(options: {
  accessToken: string;
  templateIds: string[];
  /** numbers (84…) Zalo cannot reach: answered -114, the error text Zalo gives for inactive or refusing users */
  unreachable?: string[];
  sendCallback?: CallbackSender;
}): Promise<ZnsFake> {
  const requests: ZnsFake["requests"] = [];
  const messages: ZnsFakeMessage[] = [];
  const deliveries: ZnsFake["deliveries"] = [];
  const server = await startJsonServer(({ method, path, headers, body }) => {
    if (method !== "POST" || path !== "/message/template") return { status: 404, json: { error: -404, message: "Not found" } };
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 200, json: { error: -201, message: "Parameters invalid" } };
    }
    const accessToken = typeof headers.access_token === "string" ? headers.access_token : undefined;
    requests.push({ accessToken, body: request });
    const refuse = (error: number, message: string) => ({ status: 200, json: { error, message } });
    if (accessToken !== options.accessToken) return refuse(-124, "Access token is invalid");
    const phone = String(request.phone ?? "");
    if (!/^84\d{9}$/.test(phone)) return refuse(-108, "Phone number is invalid");
    if (options.unreachable?.includes(phone)) {
      return refuse(-114, "User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors");
    }
    if (!options.templateIds.includes(String(request.template_id ?? ""))) return refuse(-109, "Template ID is invalid");
    if (!request.template_data || typeof request.template_data !== "object") return refuse(-112, "Template data is invalid");
    const msgId = crypto.randomBytes(10).toString("hex");
    messages.push({
      msgId,
      phone,
      templateId: String(request.template_id),
      templateData: request.template_data as Record<string, unknown>,
      trackingId: request.tracking_id ? String(request.tracking_id) : null,
    });
    return {
      status: 200,
      json: { error: 0, message: "Success", data: { msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: "500", remainingQuota: "499" } } },
    };
  });
  const send = options.sendCallback ?? sendOverHttp;
  return Object.assign(server, {
    requests,
    messages,
    deliveries,
    deliver(msgId: string, webhookUrl: string) {
      const message = messages.find((m) => m.msgId === msgId);
      if (!message) throw new Error(`ZNS fake: no message ${msgId}`);
      // a moment before the callback, as a phone reports receipt before Zalo relays it
      const deliveryTime = Date.now() - 1_500;
      deliveries.push({ msgId, deliveryTime });
      const event = {
        app_id: "1234567890",
        sender: { id: "579745863508352884" },
        recipient: { id: "8635940856235" },
        event_name: "user_received_message",
        message: { delivery_time: String(deliveryTime), msg_id: msgId, tracking_id: message.trackingId ?? "" },
        timestamp: String(Date.now()),
      };
      return send(new Request(webhookUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(event) }));
    },
  });
}
