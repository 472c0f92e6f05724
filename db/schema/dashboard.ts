import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";

/**
 * The kinds of area a target is set for, the dashboard's own units: a current province, a former
 * (2025-03-01) district, or a current commune.
 */
export const TARGET_AREA_KINDS = ["province", "former-district", "commune"] as const;
export type TargetAreaKind = (typeof TARGET_AREA_KINDS)[number];

/**
 * Yearly targets an administrator sets for an area (Vietnam calendar year). A number left empty is
 * "no target" for that figure. One row per area and year.
 */
export const areaTargets = sqliteTable(
  "area_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    areaKind: text("area_kind", { enum: TARGET_AREA_KINDS }).notNull(),
    /** current-set code for provinces and communes, 2025-03-01 code for former districts */
    areaCode: text("area_code").notNull(),
    year: integer("year").notNull(),
    householdsToRegister: integer("households_to_register"),
    householdsToVerify: integer("households_to_verify"),
    productsToList: integer("products_to_list"),
    setBy: integer("set_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("area_targets_area_year_unique").on(t.areaKind, t.areaCode, t.year)],
);

export type AreaTarget = typeof areaTargets.$inferSelect;
