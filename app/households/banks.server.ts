import fs from "node:fs";
import path from "node:path";
import { csvObjects } from "~/lib/csv";

/** A bank that takes VietQR transfers (db/data/banks/vn_banks_vietqr.csv). */
interface Bank {
  code: string;
  /** NAPAS acquirer BIN: what a household stores and a VietQR payload carries */
  bin: string;
  shortName: string;
  name: string;
}

const BANKS_FILE = path.resolve(process.cwd(), "db/data/banks/vn_banks_vietqr.csv");

let cached: Bank[] | undefined;

/** The shipped bank list, sorted by short name; read once per process. */
export function listBanks(): Bank[] {
  if (!cached) {
    const rows = csvObjects(fs.readFileSync(BANKS_FILE, "utf8"), { trim: true }) as Array<Record<"code" | "bin" | "short_name" | "name", string>>;
    cached = rows
      .map((r) => ({ code: r.code, bin: r.bin, shortName: r.short_name, name: r.name.normalize("NFC") }))
      .sort((a, b) => a.shortName.localeCompare(b.shortName, "vi"));
  }
  return cached;
}

export function findBankByBin(bin: string): Bank | undefined {
  return listBanks().find((b) => b.bin === bin);
}
