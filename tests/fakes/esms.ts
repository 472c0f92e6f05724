/**
 * A local fake of eSMS's send API and its delivery callback, as its public documentation describes
 * them (devesms gitbook: "Send OTP/Customer care message", "Callback Url", "Table of error codes"):
 * - POST /MainService.svc/json/SendMultipleMessage_V4_post_json/ with a JSON body;
 * - 101 "Authorize Failed" for a wrong ApiKey/SecretKey, 108 for a malformed phone, 104 for an
 *   unregistered brand name, 300 without SmsType, 124 for a RequestId already used, else 100 + SMSID;
 * - the receipt is an HTTP GET to the message's CallbackUrl with SMSID, SendStatus, SendSuccess,
 *   SendFailed, RequestId, phonenumber … as query parameters.
 */
import crypto from "node:crypto";
import { sendOverHttp, startJsonServer, type CallbackSender, type FakeServer } from "./http";

export interface EsmsFakeMessage {
  smsId: string;
  phone: string;
  content: string;
  smsType: string;
  isUnicode: string;
  requestId: string | null;
  callbackUrl: string | null;
}

export interface EsmsFake extends FakeServer {
  /** every request body received, accepted or not */
  requests: Array<Record<string, unknown>>;
  messages: EsmsFakeMessage[];
  /** eSMS reports the message's fate to its CallbackUrl; returns the app's answer */
  deliver(smsId: string, outcome?: "delivered" | "failed" | "rejected"): Promise<Response>;
}

export async function startEsmsFake(
  options: { apiKey: string; secretKey: string; brandnames?: string[]; sendCallback?: CallbackSender },
): Promise<EsmsFake> {
  const requests: Array<Record<string, unknown>> = [];
  const messages: EsmsFakeMessage[] = [];
  const brandnames = new Set(options.brandnames ?? []);
  const server = await startJsonServer(({ method, path, body }) => {
    if (method !== "POST" || path !== "/MainService.svc/json/SendMultipleMessage_V4_post_json/") {
      return { status: 404, json: { error: "Not found" } };
    }
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 400, json: { error: "Invalid request" } };
    }
    requests.push(request);
    const refuse = (code: string, message: string) => ({ status: 200, json: { CodeResult: code, CountRegenerate: 0, ErrorMessage: message } });
    if (request.ApiKey !== options.apiKey || request.SecretKey !== options.secretKey) return refuse("101", "Authorize Failed");
    if (!request.SmsType) return refuse("300", "Missing message type");
    const phone = String(request.Phone ?? "");
    if (!/^(0|84)\d{9}$/.test(phone)) return refuse("108", "Phone number is not in correct format");
    if (request.SmsType === "2" && !brandnames.has(String(request.Brandname ?? ""))) return refuse("104", "Brand name code is not exist");
    const requestId = request.RequestId ? String(request.RequestId) : null;
    if (requestId && messages.some((m) => m.requestId === requestId)) {
      return { status: 200, json: { CodeResult: "124", CountRegenerate: 0, ErrorMessage: "Request exist 1", SendStatus: "5" } };
    }
    const smsId = crypto.randomBytes(16).toString("hex");
    messages.push({
      smsId,
      phone,
      content: String(request.Content ?? ""),
      smsType: String(request.SmsType),
      isUnicode: String(request.IsUnicode ?? "0"),
      requestId,
      callbackUrl: request.CallbackUrl ? String(request.CallbackUrl) : null,
    });
    return { status: 200, json: { CodeResult: "100", CountRegenerate: 0, SMSID: smsId } };
  });
  const send = options.sendCallback ?? sendOverHttp;
  return Object.assign(server, {
    requests,
    messages,
    async deliver(smsId: string, outcome: "delivered" | "failed" | "rejected" = "delivered") {
      const message = messages.find((m) => m.smsId === smsId);
      if (!message?.callbackUrl) throw new Error(`eSMS fake: no message ${smsId} with a CallbackUrl`);
      const url = new URL(message.callbackUrl);
      const delivered = outcome === "delivered";
      const params = {
        SMSID: smsId,
        SendFailed: delivered ? "0" : "1",
        SendStatus: outcome === "rejected" ? "4" : "5",
        SendSuccess: delivered ? "1" : "0",
        TotalPrice: delivered ? "750.0000" : "0.0000",
        TotalReceiver: "1",
        TotalSent: "1",
        RequestId: message.requestId ?? "",
        TypeId: message.smsType,
        telcoid: "1",
        phonenumber: message.phone,
      };
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return send(new Request(url, { method: "GET" }));
    },
  });
}
