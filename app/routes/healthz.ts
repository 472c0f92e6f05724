import { db } from "~/lib/db.server";

/** For load balancers and uptime checks: the process answers and the database is readable. */
export function loader() {
  try {
    db().$client.prepare("select 1").get();
    return new Response(JSON.stringify({ status: "ok" }), {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  } catch {
    return new Response(JSON.stringify({ status: "error", database: "unreachable" }), {
      status: 503,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  }
}
