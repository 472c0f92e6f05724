/**
 * A local fake of GHN's shipping API and its status webhook, as its public documentation
 * (api.ghn.vn) describes them:
 * - headers Token and ShopId on every call (401 "Token is not valid" otherwise);
 * - master data: GET /shiip/public-api/master-data/province, /district?province_id=, /ward?district_id=;
 * - POST …/v2/shipping-order/fee → data.total; …/create → data.order_code, total_fee (a client_order_code
 *   already used is refused with a message naming it); …/detail-by-client-code; …/updateCOD;
 *   …/v2/switch-status/cancel ({ order_codes }); …/v2/a5/gen-token;
 * - answers { code, message, data };
 * - the webhook: JSON POST to the shop's callback URL with Type, OrderCode, ClientOrderCode, Status,
 *   Time, Weight, CODAmount, TotalFee …; anything but HTTP 200 is retried 10 times, 5 s apart
 *   (retryIntervalMs for tests).
 */
import { sendOverHttp, sendWithRetries, sleep, startJsonServer, type CallbackSender, type FakeServer } from "./http";

export interface GhnPlace {
  province: string;
  district: string;
  ward: string;
}

export interface GhnFakeOrder {
  orderCode: string;
  clientOrderCode: string;
  status: string;
  codAmount: number;
  weight: number;
  totalFee: number;
  toDistrictId: number;
  toWardCode: string;
  body: Record<string, unknown>;
}

export interface GhnFake extends FakeServer {
  requests: Array<{ path: string; body: unknown }>;
  orders: GhnFakeOrder[];
  /** ms before the fee endpoint answers (for checkout's 3 s rule) */
  quoteDelayMs: number;
  /** the body GHN would post for this order now (after applying `changes` to it) */
  webhookBody(orderCode: string, type: "Create" | "Switch_status" | "Update_weight" | "Update_cod" | "Update_fee", changes?: Partial<Pick<GhnFakeOrder, "status" | "weight" | "codAmount" | "totalFee">>, time?: Date): Record<string, unknown>;
  /** posts a body to the callback URL with GHN's retry rule */
  send(body: Record<string, unknown>): Promise<{ statuses: number[]; delivered: boolean }>;
}

/** GHN's fee rule in the fake: 16 500 ₫ up to 500 g, 2 500 ₫ each further 500 g, 0.5 % insurance above 1 000 000 ₫. */
export function ghnFakeFee(weightGrams: number, insuranceValue: number): number {
  const steps = Math.max(0, Math.ceil((weightGrams - 500) / 500));
  return 16_500 + 2_500 * steps + (insuranceValue > 1_000_000 ? Math.round(insuranceValue * 0.005) : 0);
}

export async function startGhnFake(options: {
  token: string;
  shopId: string;
  /** the places GHN knows (names as in its master data) */
  places: GhnPlace[];
  callbackUrl?: string;
  sendCallback?: CallbackSender;
  retryIntervalMs?: number;
  maxAttempts?: number;
}): Promise<GhnFake> {
  const requests: GhnFake["requests"] = [];
  const orders: GhnFakeOrder[] = [];
  const provinces = [...new Set(options.places.map((p) => p.province))];
  const districts = [...new Set(options.places.map((p) => `${p.province}|${p.district}`))];
  const ward = (p: GhnPlace) => options.places.indexOf(p);
  let sequence = 0;
  const ok = (data: unknown) => ({ status: 200, json: { code: 200, message: "Success", data } });
  const bad = (message: string, status = 400) => ({ status, json: { code: status, message, data: null, code_message: "USER_ERR_COMMON" } });
  const known = (districtId: unknown, wardCode: unknown) => options.places.some((p) => districts.indexOf(`${p.province}|${p.district}`) + 1001 === Number(districtId) && String(ward(p) + 20001) === String(wardCode));

  const fake = await startJsonServer(async ({ path, query, headers, body }) => {
    let request: Record<string, unknown> = {};
    try {
      request = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return bad("Invalid JSON");
    }
    requests.push({ path, body: request });
    if (headers.token !== options.token) return bad("Token is not valid", 401);
    const api = "/shiip/public-api";
    if (path === `${api}/master-data/province`) {
      return ok(provinces.map((name, i) => ({ ProvinceID: 201 + i, ProvinceName: name, NameExtension: [name, name.replace(/^(Tỉnh|Thành phố) /, "")] })));
    }
    if (path === `${api}/master-data/district`) {
      const province = provinces[Number(query.get("province_id") ?? request.province_id) - 201];
      return ok(
        districts
          .map((key, i) => ({ key, i }))
          .filter(({ key }) => key.startsWith(`${province}|`))
          .map(({ key, i }) => ({ DistrictID: 1001 + i, ProvinceID: 201 + provinces.indexOf(province!), DistrictName: key.split("|")[1], NameExtension: [key.split("|")[1]] })),
      );
    }
    if (path === `${api}/master-data/ward`) {
      const district = districts[Number(query.get("district_id") ?? request.district_id) - 1001];
      return ok(
        options.places
          .filter((p) => `${p.province}|${p.district}` === district)
          .map((p) => ({ WardCode: String(ward(p) + 20001), DistrictID: 1001 + districts.indexOf(district!), WardName: p.ward, NameExtension: [p.ward] })),
      );
    }
    if (headers.shopid !== options.shopId) return bad("ShopId is not valid", 401);
    if (path === `${api}/v2/shipping-order/fee`) {
      if (result.quoteDelayMs > 0) await sleep(result.quoteDelayMs);
      if (!known(request.to_district_id, request.to_ward_code) || !known(request.from_district_id, request.from_ward_code)) return bad("Route not found service");
      const total = ghnFakeFee(Number(request.weight), Number(request.insurance_value ?? 0));
      return ok({ total, service_fee: total, insurance_fee: 0, cod_fee: 0 });
    }
    if (path === `${api}/v2/shipping-order/create`) {
      const client = String(request.client_order_code ?? "");
      if (client && orders.some((o) => o.clientOrderCode === client)) return bad(`Mã đơn hàng của khách hàng ${client} đã tồn tại`);
      if (!known(request.to_district_id, request.to_ward_code)) return bad("Route not found service");
      const weight = Number(request.weight);
      const order: GhnFakeOrder = {
        orderCode: `GHN${String(++sequence).padStart(6, "0")}`,
        clientOrderCode: client,
        status: "ready_to_pick",
        codAmount: Number(request.cod_amount ?? 0),
        weight,
        totalFee: ghnFakeFee(weight, Number(request.insurance_value ?? 0)),
        toDistrictId: Number(request.to_district_id),
        toWardCode: String(request.to_ward_code),
        body: request,
      };
      orders.push(order);
      return ok({ order_code: order.orderCode, total_fee: order.totalFee, expected_delivery_time: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    }
    if (path === `${api}/v2/shipping-order/detail-by-client-code`) {
      const order = orders.find((o) => o.clientOrderCode === request.client_order_code);
      if (!order) return bad("Order not found");
      return ok({ order_code: order.orderCode, client_order_code: order.clientOrderCode, status: order.status, cod_amount: order.codAmount, weight: order.weight, total_fee: order.totalFee });
    }
    if (path === `${api}/v2/shipping-order/updateCOD`) {
      const order = orders.find((o) => o.orderCode === request.order_code);
      if (!order) return bad("Order not found");
      if (!["ready_to_pick", "picking"].includes(order.status)) return bad("Order status is not allowed to update COD");
      order.codAmount = Number(request.cod_amount);
      return ok(null);
    }
    if (path === `${api}/v2/switch-status/cancel`) {
      const codes = Array.isArray(request.order_codes) ? request.order_codes.map(String) : [];
      return ok(
        codes.map((code) => {
          const order = orders.find((o) => o.orderCode === code);
          const cancellable = order && ["ready_to_pick", "picking", "cancel"].includes(order.status);
          if (order && cancellable) order.status = "cancel";
          return { order_code: code, result: Boolean(cancellable), message: cancellable ? "OK" : "Order can not be cancelled" };
        }),
      );
    }
    if (path === `${api}/v2/a5/gen-token`) return ok({ token: `print-${String((request.order_codes as string[] | undefined)?.[0] ?? "")}` });
    return { status: 404, json: { code: 404, message: "Not found" } };
  });

  const send = options.sendCallback ?? sendOverHttp;
  const result = Object.assign(fake, {
    requests,
    orders,
    quoteDelayMs: 0,
    webhookBody(orderCode: string, type: string, changes: Partial<GhnFakeOrder> = {}, time = new Date()) {
      const order = orders.find((o) => o.orderCode === orderCode);
      if (!order) throw new Error(`GHN fake: no order ${orderCode}`);
      Object.assign(order, changes);
      return {
        CODAmount: order.codAmount,
        CODTransferDate: null,
        ClientOrderCode: order.clientOrderCode,
        ConvertedWeight: order.weight,
        Description: "",
        Fee: { MainService: order.totalFee, Insurance: 0, CODFailedFee: 0 },
        Height: 10,
        IsPartialReturn: false,
        Length: 10,
        OrderCode: order.orderCode,
        PartialReturnCode: "",
        PaymentType: 1,
        Reason: "",
        ReasonCode: "",
        ShopID: Number(options.shopId),
        Status: order.status,
        Time: time.toISOString(),
        TotalFee: order.totalFee,
        Type: type,
        Warehouse: "Bưu cục",
        Weight: order.weight,
        Width: 10,
      };
    },
    send(body: Record<string, unknown>) {
      if (!options.callbackUrl) throw new Error("GHN fake: no callbackUrl");
      const url = options.callbackUrl;
      return sendWithRetries(
        send,
        () => new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
        { maxAttempts: options.maxAttempts ?? 10, intervalMs: options.retryIntervalMs ?? 5_000 },
      );
    },
  }) as GhnFake;
  return result;
}
