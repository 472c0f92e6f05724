/**
 * A separate process with its own SQLite connection, for the concurrency tests
 * (concurrency.test.ts starts several at once). Not imported by application code.
 *   tsx app/orders/concurrency.fixture.ts checkout <db> <buyerId> <listingId> <attempts>
 *   tsx app/orders/concurrency.fixture.ts release <db> <buyerId> <orderId>
 */
import { openDatabase } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { placeCheckout } from "./checkout.server";
import { releaseStock, transitionOrder } from "./state-machine.server";
import { checkoutInput } from "./test-fixtures";

const [mode, file, buyerArg, targetArg, attemptsArg] = process.argv.slice(2);
const db = openDatabase(file);
const buyerId = Number(buyerArg);
const target = Number(targetArg);
const out = { placed: 0, refused: 0, cancelled: 0, released: 0 };

// Start together: wait for the time the parent gave, so the processes really overlap.
const startAt = Number(process.env.START_AT ?? 0);
while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 2));

if (mode === "checkout") {
  for (let i = 0; i < Number(attemptsArg); i++) {
    try {
      placeCheckout(db, { id: buyerId }, { ...checkoutInput(db, [{ listingId: target, quantity: 1 }]), idempotencyKey: `proc-${process.pid}-${i}` });
      out.placed++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      out.refused++;
    }
  }
} else if (mode === "release") {
  try {
    transitionOrder(db, { id: buyerId, role: "buyer" }, target, "cancelled", "concurrent");
    out.cancelled++;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  if (releaseStock(db, target)) out.released++;
}
db.$client.close();
process.stdout.write(JSON.stringify(out));
