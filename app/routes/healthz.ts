import { db } from "~/lib/db.server";
import { workerStatus } from "~/worker/health.server";

/**
 * For load balancers and uptime checks: the database answers a query and the background worker
 * thread is alive (it reported within the last minute). 503 names the part that failed. A server
 * started with JOBS_WORKER=false reports the worker as "disabled" and stays healthy. Cheap: one
 * trivial query, no session, no i18n.
 */
export function loader() {
  let database = "ok";
  try {
    db().$client.prepare("select 1").get();
  } catch {
    database = "unreachable";
  }
  const worker = workerStatus();
  const healthy = database === "ok" && (worker === "ok" || worker === "disabled");
  return new Response(JSON.stringify({ status: healthy ? "ok" : "error", database, worker }), {
    status: healthy ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
