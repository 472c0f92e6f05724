/**
 * A process that places orders through the checkout module, one after another, while Litestream
 * replicates its database exactly as `npm start` runs it (startReplication): for tests/replication.test.ts.
 *   DATABASE_PATH=… LITESTREAM_REPLICA_URL=… BUYER_ID=… LISTING_ID=… tsx tests/support/order-writer.ts
 * Prints `litestream <pid>` once, then `order <id> <epoch ms after its commit>` for each order.
 */
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { startReplication } from "~/ops/replication.server";
import { placeCheckout } from "~/orders/checkout.server";
import { checkoutInput } from "~/orders/test-fixtures";

const replication = await startReplication(env(), logger());
if (!replication) throw new Error("LITESTREAM_REPLICA_URL is not set");
process.stdout.write(`litestream ${replication.pid()}\n`);

const buyer = { id: Number(process.env.BUYER_ID) };
const listingId = Number(process.env.LISTING_ID);
for (let i = 0; ; i++) {
  const { orders } = placeCheckout(db(), buyer, { ...checkoutInput(db(), [{ listingId, quantity: 1 }]), idempotencyKey: `writer-${i}` });
  process.stdout.write(`order ${orders[0].id} ${Date.now()}\n`);
  // A busy shop, not a benchmark: the event loop turns (output, Litestream's pipes) between orders.
  await new Promise((resolve) => setTimeout(resolve, 5));
}
