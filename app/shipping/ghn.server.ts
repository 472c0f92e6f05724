/**
 * GHN (Giao Hàng Nhanh), from its public API documentation (api.ghn.vn):
 *   master data  GET  /shiip/public-api/master-data/province | district?province_id= | ward?district_id=
 *   fee          POST /shiip/public-api/v2/shipping-order/fee            (to_district_id, to_ward_code, weight g, insurance_value, cod_value)
 *   create       POST /shiip/public-api/v2/shipping-order/create         (client_order_code = our order code)
 *   detail       POST /shiip/public-api/v2/shipping-order/detail-by-client-code
 *   cancel       POST /shiip/public-api/v2/switch-status/cancel          ({ order_codes })
 *   update COD   POST /shiip/public-api/v2/shipping-order/updateCOD      ({ order_code, cod_amount })
 *   label        POST /shiip/public-api/v2/a5/gen-token → {gateway}/a5/public-api/printA5?token=
 * Headers Token and ShopId; answers { code, message, data }. Its webhook posts JSON with Type
 * (Create, Switch_status, Update_weight, Update_cod, Update_fee), OrderCode, ClientOrderCode,
 * Status, Time, Weight, CODAmount, TotalFee, and is retried until it gets HTTP 200.
 */
import crypto from "node:crypto";
import { now } from "~/lib/clock";
import { CarrierAuthError, CarrierError, type Carrier, type CarrierEvent, type Place, type ShipmentStatus } from "./carrier";
import { callCarrier, int, text, unitKey } from "./http.server";
import { webhookSecretMatches } from "./webhook-auth.server";

export interface GhnConfig {
  token: string;
  shopId: string;
  apiUrl: string;
  /** CARRIER_WEBHOOK_SECRET; without it no webhook is accepted */
  webhookSecret?: string;
}

/** GHN's status words → ours. Absent (exception, damage, lost): stored for the record, moves nothing. */
export const GHN_STATUSES: Record<string, ShipmentStatus> = {
  ready_to_pick: "created",
  picking: "created",
  money_collect_picking: "created",
  picked: "picked_up",
  storing: "picked_up",
  transporting: "in_transit",
  sorting: "in_transit",
  delivering: "delivering",
  money_collect_delivering: "delivering",
  delivery_fail: "delivering",
  delivered: "delivered",
  waiting_to_return: "returning",
  return: "returning",
  return_transporting: "returning",
  return_sorting: "returning",
  returning: "returning",
  return_fail: "returning",
  returned: "returned",
  cancel: "cancelled",
};

/** No dimensions are kept for produce: a small box, so GHN charges by the real weight. */
const BOX_CM = { length: 10, width: 10, height: 10 };
/** GHN's "hàng nhẹ" service up to 20 kg, "hàng nặng" above. */
const serviceType = (grams: number) => (grams >= 20_000 ? 5 : 2);
const MASTER_DATA_TTL_MS = 24 * 3_600_000;

type Unit = { id: string; keys: string[] };
const masterData = new Map<string, { at: number; units: Promise<Unit[]> }>();

/** National form, as GHN's examples show it (0909123456). */
const nationalPhone = (e164: string) => e164.replace(/^\+84/, "0");

export function ghnCarrier(config: GhnConfig): Carrier {
  const base = config.apiUrl.replace(/\/+$/, "");
  const headers = { Token: config.token, ShopId: config.shopId };

  async function call(path: string, body: unknown, signal: AbortSignal, method: "GET" | "POST" = "POST") {
    const answer = await callCarrier("ghn", base + path, { method, headers, body, signal });
    const code = int(answer.json.code);
    if (answer.status !== 200 || code !== 200) {
      const message = text(answer.json.message) ?? `HTTP ${answer.status}`;
      throw new CarrierError("ghn", `GHN: ${message}`, answer.status === 200 ? (code ?? 400) : answer.status);
    }
    return answer.json.data as unknown;
  }

  /** A master-data list, remembered for a day (a failed read is forgotten, so the next one retries). */
  function units(path: string, idField: string, nameField: string, signal: AbortSignal): Promise<Unit[]> {
    const key = `${base}|${path}`;
    const cached = masterData.get(key);
    if (cached && now().getTime() - cached.at < MASTER_DATA_TTL_MS) return cached.units;
    const loading = call(path, undefined, signal, "GET").then((data) =>
      (Array.isArray(data) ? data : []).map((row: Record<string, unknown>) => ({
        id: text(row[idField]) ?? "",
        keys: [text(row[nameField]) ?? "", ...(Array.isArray(row.NameExtension) ? row.NameExtension.map(String) : [])].map(unitKey),
      })),
    );
    masterData.set(key, { at: now().getTime(), units: loading });
    loading.catch(() => masterData.delete(key));
    return loading;
  }

  async function find(list: Promise<Unit[]>, name: string, what: string): Promise<string> {
    const key = unitKey(name);
    const unit = (await list).find((u) => u.keys.includes(key));
    if (!unit) throw new CarrierError("ghn", `GHN does not know the ${what} "${name}"`, 422);
    return unit.id;
  }

  /** GHN still files addresses by district and ward: the place's former (pre-2025) units, matched by name. */
  async function resolve(place: Place, signal: AbortSignal): Promise<{ districtId: number; wardCode: string }> {
    if (!place.former) throw new CarrierError("ghn", `GHN needs the district of ${place.communeName}`, 422);
    const provinceId = await find(units("/shiip/public-api/master-data/province", "ProvinceID", "ProvinceName", signal), place.former.provinceName, "province");
    const districtId = await find(
      units(`/shiip/public-api/master-data/district?province_id=${provinceId}`, "DistrictID", "DistrictName", signal),
      place.former.districtName,
      "district",
    );
    const wardCode = await find(units(`/shiip/public-api/master-data/ward?district_id=${districtId}`, "WardCode", "WardName", signal), place.former.communeName, "ward");
    return { districtId: Number(districtId), wardCode };
  }

  async function fee(request: Parameters<Carrier["quote"]>[0], signal: AbortSignal) {
    const [from, to] = await Promise.all([resolve(request.from, signal), resolve(request.to, signal)]);
    const service = serviceType(request.parcel.weightGrams);
    const data = (await call(
      "/shiip/public-api/v2/shipping-order/fee",
      {
        service_type_id: service,
        from_district_id: from.districtId,
        from_ward_code: from.wardCode,
        to_district_id: to.districtId,
        to_ward_code: to.wardCode,
        weight: request.parcel.weightGrams,
        ...BOX_CM,
        insurance_value: request.parcel.insuredValueVnd,
        cod_value: request.parcel.codVnd,
      },
      signal,
    )) as Record<string, unknown> | null;
    const total = int(data?.total);
    if (total === null) throw new CarrierError("ghn", "GHN answered a fee without a total");
    return { total, service, to };
  }

  async function byClientCode(clientCode: string, signal: AbortSignal) {
    const data = (await call("/shiip/public-api/v2/shipping-order/detail-by-client-code", { client_order_code: clientCode }, signal)) as Record<string, unknown>;
    const trackingCode = text(data?.order_code);
    if (!trackingCode) throw new CarrierError("ghn", `GHN has no order ${clientCode}`);
    return { trackingCode, feeVnd: int(data.total_fee) };
  }

  return {
    id: "ghn",
    tracked: true,
    async quote(request, signal) {
      const { total, service } = await fee(request, signal);
      return { carrier: "ghn", feeVnd: total, service: String(service) };
    },
    async createShipment(request, signal) {
      const { total, service, to } = await fee(request, signal);
      const { from, parcel } = request;
      try {
        const data = (await call(
          "/shiip/public-api/v2/shipping-order/create",
          {
            payment_type_id: 1, // the shop (the platform) pays the fee; the buyer paid it at checkout
            required_note: "CHOXEMHANGKHONGTHU",
            client_order_code: request.clientCode,
            note: request.note,
            from_name: from.name,
            from_phone: nationalPhone(from.phone),
            from_address: from.addressLine,
            from_ward_name: from.former?.communeName ?? from.communeName,
            from_district_name: from.former?.districtName ?? "",
            from_province_name: from.former?.provinceName ?? from.provinceName,
            to_name: request.to.name,
            to_phone: nationalPhone(request.to.phone),
            to_address: request.to.addressLine,
            to_district_id: to.districtId,
            to_ward_code: to.wardCode,
            cod_amount: parcel.codVnd,
            insurance_value: parcel.insuredValueVnd,
            weight: parcel.weightGrams,
            ...BOX_CM,
            service_type_id: service,
            content: request.items.map((i) => i.name).join(", ").slice(0, 2000),
            items: request.items.map((i) => ({ name: i.name, quantity: i.quantity, weight: i.weightGrams })),
          },
          signal,
        )) as Record<string, unknown>;
        const trackingCode = text(data?.order_code);
        if (!trackingCode) throw new CarrierError("ghn", "GHN created an order without an order code");
        return { trackingCode, feeVnd: int(data.total_fee) ?? total };
      } catch (error) {
        // A retried create: GHN refuses the client code it already has, naming it. Find the first one.
        if (error instanceof CarrierError && error.message.includes(request.clientCode)) {
          const found = await byClientCode(request.clientCode, signal);
          return { trackingCode: found.trackingCode, feeVnd: found.feeVnd ?? total };
        }
        throw error;
      }
    },
    async cancel(trackingCode, signal) {
      const data = await call("/shiip/public-api/v2/switch-status/cancel", { order_codes: [trackingCode] }, signal);
      const row = (Array.isArray(data) ? data : []).find((r: Record<string, unknown>) => r.order_code === trackingCode) as Record<string, unknown> | undefined;
      if (row && row.result === false) throw new CarrierError("ghn", `GHN did not cancel ${trackingCode}: ${text(row.message) ?? ""}`, 409);
    },
    async updateCod(trackingCode, codVnd, signal) {
      await call("/shiip/public-api/v2/shipping-order/updateCOD", { order_code: trackingCode, cod_amount: codVnd }, signal);
    },
    async labelUrl(trackingCode) {
      try {
        const data = (await call("/shiip/public-api/v2/a5/gen-token", { order_codes: [trackingCode] }, AbortSignal.timeout(3_000))) as Record<string, unknown>;
        const token = text(data?.token);
        return token ? `${base}/a5/public-api/printA5?token=${encodeURIComponent(token)}` : null;
      } catch {
        return null; // the page shows the tracking code; the label link comes back on the next load
      }
    },
    parseWebhook(input) {
      if (!webhookSecretMatches(input, config.webhookSecret)) throw new CarrierAuthError("wrong or missing webhook secret");
      return parseGhnWebhook(JSON.parse(input.body) as unknown);
    },
  };
}

/** GHN's callback body → our events (one per callback). Throws SyntaxError-like errors for a body that is not GHN's. */
export function parseGhnWebhook(body: unknown): CarrierEvent[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TypeError("not a GHN callback");
  const payload = body as Record<string, unknown>;
  const type = (text(payload.Type) ?? "").toLowerCase();
  const trackingCode = text(payload.OrderCode);
  if (!type || !trackingCode) throw new TypeError("not a GHN callback");
  const carrierStatus = text(payload.Status)?.toLowerCase();
  const time = new Date(text(payload.Time) ?? "");
  const occurredAt = Number.isNaN(time.getTime()) ? now() : time;
  const weight = int(payload.ConvertedWeight) ?? int(payload.Weight) ?? undefined;
  const fee = int(payload.TotalFee) ?? undefined;
  const cod = int(payload.CODAmount) ?? undefined;
  // GHN sends no event id: the fields that make the event what it is are its identity.
  const identity = [trackingCode, type, carrierStatus, text(payload.Time), weight, cod, fee].join("|");
  const eventKey = `${trackingCode}:${type}:${crypto.createHash("sha256").update(identity).digest("hex").slice(0, 16)}`;
  const common = { eventKey, trackingCode, clientCode: text(payload.ClientOrderCode), occurredAt, carrierStatus, payload };
  switch (type) {
    case "create":
      return [{ ...common, kind: "status", status: "created", feeVnd: fee }];
    case "switch_status": {
      const status = carrierStatus ? GHN_STATUSES[carrierStatus] : undefined;
      const collected = status === "delivered" && cod ? { codCollectedVnd: cod } : {};
      return [{ ...common, kind: "status", status, ...collected }];
    }
    case "update_weight":
      return [{ ...common, kind: "weight", weightGrams: weight, feeVnd: fee }];
    case "update_cod":
      return [{ ...common, kind: "cod", codVnd: cod }];
    case "update_fee":
      return [{ ...common, kind: "fee", feeVnd: fee }];
    default:
      return [];
  }
}
