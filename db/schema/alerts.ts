import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { commodities, markets } from "./prices";

export const ALERT_KINDS = ["above", "below", "move"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * A price alert (app/alerts/alerts.server.ts): a user follows a commodity (at one market or any),
 * with a threshold in VND per the commodity's default unit ("above"/"below") or a move of N percent
 * ("move"). Goes with the user, the commodity or the market (cascade).
 */
export const priceAlerts = sqliteTable(
  "price_alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    commodityId: integer("commodity_id")
      .notNull()
      .references(() => commodities.id, { onDelete: "cascade" }),
    /** null = any market */
    marketId: integer("market_id").references(() => markets.id, { onDelete: "cascade" }),
    priceType: text("price_type", { enum: ["wholesale", "retail", "farm_gate"] }).notNull().default("wholesale"),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    /** above/below: VND per the commodity's default unit */
    thresholdVnd: integer("threshold_vnd"),
    /** move: percent, either way */
    movePercent: real("move_percent"),
    /** move: the price when the alert last fired or was created (null until a price exists) */
    baseVnd: integer("base_vnd"),
    /**
     * above/below: true while the price is on the quiet side, so a crossing fires once; set false
     * when it fires and true again when the price comes back.
     */
    armed: integer("armed", { mode: "boolean" }).notNull().default(true),
    firedCount: integer("fired_count").notNull().default(0),
    lastFiredAt: timestamp("last_fired_at"),
    createdAt: createdAt(),
  },
  (t) => [index("price_alerts_user_idx").on(t.userId), index("price_alerts_commodity_idx").on(t.commodityId)],
);

export type PriceAlert = typeof priceAlerts.$inferSelect;
