import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A set is one snapshot of Vietnam's administrative units (e.g. the current two-tier set, or the
 * three-tier set of 2025-03-01). Codes are reused between sets, so a unit is keyed by (set, code).
 */
export const adminUnitSets = sqliteTable("admin_unit_sets", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
  validFrom: text("valid_from").notNull(),
  validTo: text("valid_to"),
  tiers: integer("tiers").notNull(),
  isCurrent: integer("is_current", { mode: "boolean" }).notNull().default(false),
  source: text("source").notNull(),
});

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const adminUnits = sqliteTable(
  "admin_units",
  {
    setId: text("set_id")
      .notNull()
      .references(() => adminUnitSets.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    /** full official name, e.g. "Xã Hòa Hưng" */
    name: text("name").notNull(),
    /** name without the unit word, e.g. "Hòa Hưng" */
    shortName: text("short_name").notNull(),
    nameEn: text("name_en"),
    /** folded short name (see app/lib/text.ts) for matching */
    folded: text("folded").notNull(),
    /** unit word, e.g. "Xã", "Phường", "Huyện", "Tỉnh" */
    type: text("type").notNull(),
    level: text("level", { enum: UNIT_LEVELS }).notNull(),
    parentCode: text("parent_code"),
    provinceCode: text("province_code"),
  },
  (t) => [
    primaryKey({ columns: [t.setId, t.code] }),
    index("admin_units_parent_idx").on(t.setId, t.parentCode),
    index("admin_units_folded_idx").on(t.setId, t.level, t.folded),
  ],
);

/** Official old → new mapping between sets; `partial` means only part of the old unit went in. */
export const adminUnitMappings = sqliteTable(
  "admin_unit_mappings",
  {
    fromSet: text("from_set").notNull(),
    fromCode: text("from_code").notNull(),
    toSet: text("to_set").notNull(),
    toCode: text("to_code").notNull(),
    mergeType: text("merge_type", { enum: ["full", "partial"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fromSet, t.fromCode, t.toSet, t.toCode] }),
    index("admin_unit_mappings_to_idx").on(t.toSet, t.toCode),
  ],
);

export type AdminUnit = typeof adminUnits.$inferSelect;
