import QRCode from "qrcode";
import type { Order } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { transferDetails, type TransferDetails } from "./payments.server";

/** The QR as inline SVG, drawn on the server: the order page needs no client script for it. */
async function vietQrSvg(payload: string): Promise<string> {
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  // Decorative to screen readers: the same details are printed beside it as text.
  return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ');
}

interface TransferQr extends Omit<TransferDetails, "expiresAt"> {
  svg: string;
  /** ISO time, serialisable for the loader */
  expiresAt: string | null;
}

/** Everything the VietQr component shows for one farm's order, or null when nothing is owed by transfer. */
export async function transferQr(db: Db, order: Order): Promise<TransferQr | null> {
  const details = transferDetails(db, order);
  if (!details) return null;
  return { ...details, expiresAt: details.expiresAt?.toISOString() ?? null, svg: await vietQrSvg(details.payload) };
}
