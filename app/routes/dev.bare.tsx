import { env } from "~/lib/env.server";
import { notFound } from "~/lib/errors";

/**
 * Development and benchmarks only: a page with no content of its own, under the same root layout and root
 * loader as every page. bench/catalog.ts compares the catalog pages' throughput with this one.
 */
export function loader() {
  if (!env().DEV_ROUTES) throw notFound();
  return null;
}

export default function Bare() {
  return null;
}
