/**
 * A local fake of GHTK's shipment API and its status webhook, as its public documentation
 * (docs.giaohangtietkiem.vn) describes them:
 * - header Token on every call ({ success: false } with HTTP 401 otherwise);
 * - GET /services/shipment/fee?… (weight in grams) → { success, fee: { fee, insurance_fee, delivery } };
 * - POST /services/shipment/order { products, order: { id, pick_money, … } } → { success, order: { label, fee, … } };
 *   an id already used → { success: false, error: { code: "ORDER_ID_EXIST", partner_id, ghtk_label } };
 * - GET /services/shipment/v2/{label} → { success, order: { label_id, status, ship_money, insurance, pick_money, weight } };
 * - POST /services/shipment/cancel/{label};
 * - the webhook: a form-encoded POST of label_id, partner_id, status_id, action_time, reason_code,
 *   reason, weight (kg), fee, pick_money, return_part_package to the shop's URL, resent until HTTP 200
 *   (maxAttempts bounds it in tests).
 */
import { sendOverHttp, sendWithRetries, sleep, startJsonServer, type CallbackSender, type FakeServer } from "./http";

export interface GhtkFakeOrder {
  label: string;
  partnerId: string;
  statusId: number;
  pickMoney: number;
  weightGrams: number;
  fee: number;
  body: Record<string, unknown>;
}

export interface GhtkFake extends FakeServer {
  requests: Array<{ method: string; path: string; body: unknown }>;
  orders: GhtkFakeOrder[];
  quoteDelayMs: number;
  /** the form GHTK would post for this order now (after applying `changes`) */
  webhookForm(label: string, changes?: Partial<Pick<GhtkFakeOrder, "statusId" | "weightGrams" | "fee" | "pickMoney">>, time?: Date): URLSearchParams;
  send(form: URLSearchParams): Promise<{ statuses: number[]; delivered: boolean }>;
}

/** GHTK's fee rule in the fake: 22 000 ₫ up to 3 kg, 2 500 ₫ each further 500 g. */
export function ghtkFakeFee(weightGrams: number): number {
  return 22_000 + 2_500 * Math.max(0, Math.ceil((weightGrams - 3_000) / 500));
}

export async function startGhtkFake(options: {
  token: string;
  /** province names GHTK does not deliver to */
  noDelivery?: string[];
  callbackUrl?: string;
  sendCallback?: CallbackSender;
  retryIntervalMs?: number;
  maxAttempts?: number;
}): Promise<GhtkFake> {
  const requests: GhtkFake["requests"] = [];
  const orders: GhtkFakeOrder[] = [];
  let sequence = 0;
  const refuse = (message: string, status = 200, extra: Record<string, unknown> = {}) => ({ status, json: { success: false, message, ...extra } });

  const fake = await startJsonServer(async ({ method, path, query, headers, body }) => {
    let request: Record<string, unknown> = {};
    try {
      request = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return refuse("Dữ liệu không hợp lệ", 400);
    }
    requests.push({ method, path, body: method === "GET" ? Object.fromEntries(query) : request });
    if (headers.token !== options.token) return refuse("Token không hợp lệ", 401);
    if (method === "GET" && path === "/services/shipment/fee") {
      if (result.quoteDelayMs > 0) await sleep(result.quoteDelayMs);
      const weight = Number(query.get("weight"));
      if (!query.get("province") || !query.get("pick_province") || !Number.isFinite(weight)) return refuse("Thiếu thông tin địa chỉ hoặc khối lượng");
      const delivery = !(options.noDelivery ?? []).includes(query.get("province")!);
      return { status: 200, json: { success: true, message: "", fee: { name: "area1", fee: ghtkFakeFee(weight), insurance_fee: 0, delivery } } };
    }
    if (method === "POST" && path === "/services/shipment/order") {
      const order = (request.order ?? {}) as Record<string, unknown>;
      const id = String(order.id ?? "");
      const existing = orders.find((o) => o.partnerId === id);
      if (existing) {
        return refuse("Mã đơn hàng đã tồn tại", 200, { error: { code: "ORDER_ID_EXIST", partner_id: id, ghtk_label: existing.label, created: "", status: existing.statusId } });
      }
      if (!id || !order.province || !order.pick_province) return refuse("Thiếu thông tin đơn hàng");
      const products = Array.isArray(request.products) ? (request.products as Array<Record<string, unknown>>) : [];
      const weightGrams = Math.round(products.reduce((sum, p) => sum + Number(p.weight ?? 0) * 1000, 0));
      const created: GhtkFakeOrder = {
        label: `S1.A1.${String(++sequence).padStart(8, "0")}`,
        partnerId: id,
        statusId: 2,
        pickMoney: Number(order.pick_money ?? 0),
        weightGrams,
        fee: ghtkFakeFee(weightGrams),
        body: request,
      };
      orders.push(created);
      return {
        status: 200,
        json: { success: true, message: "", order: { partner_id: id, label: created.label, area: "1", fee: String(created.fee), insurance_fee: "0", status_id: 2 } },
      };
    }
    const status = /^\/services\/shipment\/v2\/(.+)$/.exec(path);
    if (method === "GET" && status) {
      const order = orders.find((o) => o.label === decodeURIComponent(status[1]));
      if (!order) return refuse("Không tìm thấy đơn hàng");
      return {
        status: 200,
        json: { success: true, order: { label_id: order.label, partner_id: order.partnerId, status: order.statusId, ship_money: order.fee, insurance: 0, pick_money: order.pickMoney, weight: order.weightGrams } },
      };
    }
    const cancel = /^\/services\/shipment\/cancel\/(.+)$/.exec(path);
    if (method === "POST" && cancel) {
      const order = orders.find((o) => o.label === decodeURIComponent(cancel[1]));
      if (!order) return refuse("Không tìm thấy đơn hàng");
      if (![1, 2, 12, -1].includes(order.statusId)) return refuse("Đơn hàng đã lấy, không thể hủy");
      order.statusId = -1;
      return { status: 200, json: { success: true, message: "" } };
    }
    return { status: 404, json: { success: false, message: "Not found" } };
  });

  const send = options.sendCallback ?? sendOverHttp;
  const result = Object.assign(fake, {
    requests,
    orders,
    quoteDelayMs: 0,
    webhookForm(label: string, changes: Partial<GhtkFakeOrder> = {}, time = new Date()) {
      const order = orders.find((o) => o.label === label);
      if (!order) throw new Error(`GHTK fake: no order ${label}`);
      Object.assign(order, changes);
      return new URLSearchParams({
        label_id: order.label,
        partner_id: order.partnerId,
        status_id: String(order.statusId),
        action_time: time.toISOString().replace("Z", "+00:00"),
        reason_code: "",
        reason: "",
        weight: String(order.weightGrams / 1000),
        fee: String(order.fee),
        pick_money: String(order.pickMoney),
        return_part_package: "0",
      });
    },
    send(form: URLSearchParams) {
      if (!options.callbackUrl) throw new Error("GHTK fake: no callbackUrl");
      const url = options.callbackUrl;
      return sendWithRetries(
        send,
        () => new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() }),
        { maxAttempts: options.maxAttempts ?? 100, intervalMs: options.retryIntervalMs ?? 5_000 },
      );
    },
  }) as GhtkFake;
  return result;
}
