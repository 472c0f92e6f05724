/**
 * GHTK (Giao Hàng Tiết Kiệm), from its public API documentation (docs.giaohangtietkiem.vn):
 *   fee     GET  /services/shipment/fee?pick_province&pick_district&pick_ward&province&district&ward&address&weight(g)&value
 *   create  POST /services/shipment/order  { products, order: { id (our code), pick_money (COD), pick_*, name, tel, … } }
 *           a repeated id is refused with error.code ORDER_ID_EXIST and the first label (error.ghtk_label)
 *   status  GET  /services/shipment/v2/{label}
 *   cancel  POST /services/shipment/cancel/{label}
 * Header Token; answers { success, message, … }. GHTK takes addresses in words. Its status webhook
 * is a form-encoded POST (label_id, partner_id, status_id, action_time, reason_code, reason, weight
 * in kg, fee, pick_money, return_part_package), resent until it gets HTTP 200.
 * Changing the COD of a submitted order is not in the public API: updateCod refuses (decision 0028).
 */
import crypto from "node:crypto";
import { now } from "~/lib/clock";
import { CarrierAuthError, CarrierError, type Carrier, type CarrierEvent, type Place, type ShipmentStatus } from "./carrier";
import { callCarrier, int, text } from "./http.server";
import { webhookSecretMatches } from "./webhook-auth.server";

export interface GhtkConfig {
  token: string;
  apiUrl: string;
  /** CARRIER_WEBHOOK_SECRET; without it no webhook is accepted */
  webhookSecret?: string;
}

/** GHTK's status_id → ours. Absent (13 compensation, unknown ids): stored for the record, moves nothing. */
export const GHTK_STATUSES: Record<string, ShipmentStatus> = {
  "-1": "cancelled",
  "1": "created", // not yet received
  "2": "created", // received
  "7": "created", // could not pick up
  "8": "created", // pick-up delayed
  "12": "created", // picking up
  "127": "created",
  "128": "created",
  "3": "picked_up", // picked up / in the warehouse
  "123": "picked_up", // the shipper says picked up
  "4": "delivering", // out for delivery
  "9": "delivering", // could not deliver (another attempt)
  "10": "delivering", // delivery delayed
  "45": "delivering", // the shipper says delivered: wait for GHTK's 5
  "49": "delivering",
  "410": "delivering",
  "5": "delivered", // delivered, not yet reconciled
  "6": "delivered", // reconciled
  "20": "returning",
  "21": "returned",
  "11": "returned", // return reconciled
};

/** Names as GHTK takes them: the former district when the place has one, else the current units. */
function address(place: Place) {
  return place.former
    ? { province: place.former.provinceName, district: place.former.districtName, ward: place.former.communeName }
    : { province: place.provinceName, district: "", ward: place.communeName };
}

const nationalPhone = (e164: string) => e164.replace(/^\+84/, "0");

export function ghtkCarrier(config: GhtkConfig): Carrier {
  const base = config.apiUrl.replace(/\/+$/, "");
  const headers = { Token: config.token };

  async function call(method: "GET" | "POST", path: string, body: unknown, signal: AbortSignal) {
    const answer = await callCarrier("ghtk", base + path, { method, headers, body, signal });
    return answer;
  }

  function refused(answer: { status: number; json: Record<string, unknown> }): never {
    throw new CarrierError("ghtk", `GHTK: ${text(answer.json.message) ?? `HTTP ${answer.status}`}`, answer.status === 200 ? 400 : answer.status);
  }

  async function quote(request: Parameters<Carrier["quote"]>[0], signal: AbortSignal) {
    const from = address(request.from);
    const to = address(request.to);
    const params = new URLSearchParams({
      pick_province: from.province,
      pick_district: from.district,
      pick_ward: from.ward,
      pick_address: request.from.addressLine,
      province: to.province,
      district: to.district,
      ward: to.ward,
      address: request.to.addressLine,
      weight: String(request.parcel.weightGrams),
      value: String(request.parcel.insuredValueVnd),
      transport: "road",
      deliver_option: "none",
    });
    const answer = await call("GET", `/services/shipment/fee?${params}`, undefined, signal);
    if (answer.status !== 200 || answer.json.success !== true) refused(answer);
    const fee = (answer.json.fee ?? {}) as Record<string, unknown>;
    if (fee.delivery === false) throw new CarrierError("ghtk", "GHTK does not deliver there", 422);
    const total = int(fee.fee);
    if (total === null) throw new CarrierError("ghtk", "GHTK answered a fee without an amount");
    return total + (int(fee.insurance_fee) ?? 0);
  }

  return {
    id: "ghtk",
    tracked: true,
    async quote(request, signal) {
      return { carrier: "ghtk", feeVnd: await quote(request, signal) };
    },
    async createShipment(request, signal) {
      const from = address(request.from);
      const to = address(request.to);
      const answer = await call(
        "POST",
        "/services/shipment/order",
        {
          products: request.items.map((i) => ({ name: i.name, quantity: i.quantity, weight: i.weightGrams / 1000 })),
          order: {
            id: request.clientCode,
            pick_name: request.from.name,
            pick_tel: nationalPhone(request.from.phone),
            pick_address: request.from.addressLine,
            pick_province: from.province,
            pick_district: from.district,
            pick_ward: from.ward,
            pick_money: request.parcel.codVnd,
            name: request.to.name,
            tel: nationalPhone(request.to.phone),
            address: request.to.addressLine,
            province: to.province,
            district: to.district,
            ward: to.ward,
            hamlet: "Khác",
            is_freeship: "1", // the shop (the platform) pays GHTK; the buyer paid the fee at checkout
            value: request.parcel.insuredValueVnd,
            transport: "road",
            note: request.note.slice(0, 120),
          },
        },
        signal,
      );
      if (answer.status === 200 && answer.json.success === true) {
        const order = (answer.json.order ?? {}) as Record<string, unknown>;
        const label = text(order.label);
        if (!label) throw new CarrierError("ghtk", "GHTK created an order without a label");
        return { trackingCode: label, feeVnd: (int(order.fee) ?? 0) + (int(order.insurance_fee) ?? 0) };
      }
      // A retried create: GHTK refuses the id it already has and names the first label.
      const error = (answer.json.error ?? {}) as Record<string, unknown>;
      const existing = text(error.ghtk_label);
      if (error.code === "ORDER_ID_EXIST" && existing) {
        const status = await call("GET", `/services/shipment/v2/${encodeURIComponent(existing)}`, undefined, signal);
        const order = (status.json.order ?? {}) as Record<string, unknown>;
        const feeVnd = int(order.ship_money);
        return { trackingCode: existing, feeVnd: feeVnd === null ? await quote(request, signal) : feeVnd + (int(order.insurance) ?? 0) };
      }
      refused(answer);
    },
    async cancel(trackingCode, signal) {
      const answer = await call("POST", `/services/shipment/cancel/${encodeURIComponent(trackingCode)}`, {}, signal);
      if (answer.status !== 200 || answer.json.success !== true) refused(answer);
    },
    async updateCod() {
      throw new CarrierError("ghtk", "GHTK's public API cannot change the COD of a submitted order", 501);
    },
    async labelUrl() {
      // GHTK's label (GET /services/label/{label}) needs the API token: nothing a farmer's browser can open.
      return null;
    },
    parseWebhook(input) {
      const form = new URLSearchParams(input.body);
      if (!webhookSecretMatches(input, config.webhookSecret, form.get("hash"))) throw new CarrierAuthError("wrong or missing webhook secret");
      return parseGhtkWebhook(form);
    },
  };
}

/** GHTK's form fields → our events: the status, and the weight and fee it states with it. */
export function parseGhtkWebhook(form: URLSearchParams): CarrierEvent[] {
  const label = form.get("label_id");
  const statusId = form.get("status_id");
  if (!label || statusId === null || !/^-?\d+$/.test(statusId)) throw new TypeError("not a GHTK callback");
  const actionTime = form.get("action_time") ?? "";
  const time = new Date(actionTime);
  const occurredAt = Number.isNaN(time.getTime()) ? now() : time;
  const payload = Object.fromEntries(form.entries());
  delete payload.hash;
  const kg = Number(form.get("weight"));
  const weightGrams = form.get("weight") && Number.isFinite(kg) ? Math.round(kg * 1000) : undefined;
  const feeVnd = int(form.get("fee")) ?? undefined;
  const pickMoney = int(form.get("pick_money")) ?? undefined;
  const identity = [label, statusId, actionTime, weightGrams, feeVnd, pickMoney, form.get("return_part_package")].join("|");
  const base = `${label}:${statusId}:${crypto.createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
  const status = GHTK_STATUSES[statusId];
  const common = { trackingCode: label, clientCode: form.get("partner_id"), occurredAt, carrierStatus: statusId, payload };
  const events: CarrierEvent[] = [
    { ...common, eventKey: base, kind: "status", status, ...(status === "delivered" && pickMoney ? { codCollectedVnd: pickMoney } : {}) },
  ];
  if (weightGrams !== undefined) events.push({ ...common, eventKey: `${base}:weight`, kind: "weight", weightGrams });
  if (feeVnd !== undefined) events.push({ ...common, eventKey: `${base}:fee`, kind: "fee", feeVnd });
  return events;
}
