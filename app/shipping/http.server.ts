/**
 * The one way the partner adapters call their carrier: JSON over fetch with the caller's
 * AbortSignal (checkout gives 3 s, jobs more). Anything but a JSON answer becomes a CarrierError,
 * so callers handle one kind of failure.
 */
import { fold } from "~/lib/text";
import { CarrierError, type CarrierId } from "./carrier";

export interface CarrierAnswer {
  status: number;
  json: Record<string, unknown>;
}

export async function callCarrier(
  carrier: CarrierId,
  url: string,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: unknown; signal: AbortSignal },
): Promise<CarrierAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { Accept: "application/json", ...(init.body === undefined ? {} : { "Content-Type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    const reason = init.signal.aborted ? "did not answer in time" : `could not be reached (${(error as Error).message})`;
    throw new CarrierError(carrier, `${carrier} ${reason}`);
  }
  const text = await response.text().catch(() => "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CarrierError(carrier, `${carrier} answered HTTP ${response.status} without JSON`, response.status);
  }
  if (typeof json !== "object" || json === null) throw new CarrierError(carrier, `${carrier} answered an unexpected body`, response.status);
  return { status: response.status, json: json as Record<string, unknown> };
}

const UNIT_WORDS = /^(tinh|thanh pho|tp\.?|quan|huyen|thi xa|thi tran|phuong|xa)\s+/;

/** A unit name as the carriers' lists can be matched: folded, without its unit word ("Xã Hòa Hưng" → "hoa hung"). */
export function unitKey(name: string): string {
  const folded = fold(name).replace(/\s+/g, " ").trim();
  const bare = folded.replace(UNIT_WORDS, "");
  // Numbered wards ("Phường 01") match "Phường 1".
  return /^\d+$/.test(bare) ? String(Number(bare)) : bare;
}

export function text(value: unknown): string | null {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : null;
}

export function int(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.round(n) : null;
}
