import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";

export const HOUSEHOLD_KINDS = ["household", "cooperative", "enterprise"] as const;
export type HouseholdKind = (typeof HOUSEHOLD_KINDS)[number];

/** Stored onboarding states; "listed" and "sold" are derived from listings and orders, never stored. */
export const HOUSEHOLD_STATUSES = ["registered", "activated", "verified", "suspended"] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/**
 * How an officer checked a household's identity before verifying it (the owner need not have
 * claimed the account yet, so the check is in person or on papers).
 */
export const VERIFICATION_METHODS = ["in_person_id_card", "in_person_known", "documents"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** What a household_events row records: a change of status, or the owner taking over (status kept). */
export const HOUSEHOLD_EVENT_KINDS = ["status", "handover"] as const;
export type HouseholdEventKind = (typeof HOUSEHOLD_EVENT_KINDS)[number];

export const CERTIFICATIONS = ["vietgap", "globalgap", "organic", "ocop3", "ocop4", "ocop5"] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

/** Delivery rule of a farm; fees in integer VND, null = not offered. */
export interface DeliveryOptions {
  pickup: boolean;
  feeCommune: number | null;
  feeProvince: number | null;
  feeElsewhere: number | null;
  freeAbove: number | null;
}

/** A seller: a farm household, cooperative or enterprise. */
export const households = sqliteTable(
  "households",
  {
    // No AUTOINCREMENT (migration 0017, decision 0042): ids still only grow, households are never deleted.
    id: integer("id").primaryKey(),
    ownerUserId: integer("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: HOUSEHOLD_KINDS }).notNull().default("household"),
    /** shop name shown to buyers; defaults to the representative's name */
    displayName: text("display_name").notNull(),
    representativeName: text("representative_name").notNull(),
    /** folded representative name, for duplicate detection and search */
    nameFolded: text("name_folded").notNull(),
    phone: text("phone").notNull(),
    nationalId: text("national_id"),
    nationalIdKind: text("national_id_kind", { enum: ["cccd", "cmnd"] }),
    /** current-set commune code (see admin_units) */
    communeCode: text("commune_code").notNull(),
    addressLine: text("address_line").notNull().default(""),
    mainProducts: text("main_products").notNull().default(""),
    farmAreaM2: integer("farm_area_m2"),
    /** columns of an imported sheet the product has no field for: { "<header as written>": "<value>" } */
    extraAttributes: text("extra_attributes", { mode: "json" }).$type<Record<string, string>>(),
    certifications: text("certifications", { mode: "json" }).$type<Certification[]>().notNull().default([]),
    bankBin: text("bank_bin"),
    bankAccountNumber: text("bank_account_number"),
    bankAccountName: text("bank_account_name"),
    delivery: text("delivery", { mode: "json" })
      .$type<DeliveryOptions>()
      .notNull()
      .default({ pickup: true, feeCommune: null, feeProvince: null, feeElsewhere: null, freeAbove: null }),
    showContact: integer("show_contact", { mode: "boolean" }).notNull().default(false),
    zaloPhone: text("zalo_phone"),
    status: text("status", { enum: HOUSEHOLD_STATUSES }).notNull().default("registered"),
    statusNote: text("status_note"),
    /** the officer or administrator who verified it, when and how (set by verifyHousehold) */
    verifiedBy: integer("verified_by").references(() => users.id, { onDelete: "set null" }),
    verifiedAt: timestamp("verified_at"),
    verificationMethod: text("verification_method", { enum: VERIFICATION_METHODS }),
    registeredBy: integer("registered_by").references(() => users.id, { onDelete: "set null" }),
    importBatchId: integer("import_batch_id"),
    consentAt: timestamp("consent_at"),
    consentSource: text("consent_source"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    index("households_commune_idx").on(t.communeCode, t.status),
    // Partial: most households are registered by officers and have no owner yet; a NULL entry per
    // household would only cost every insert (a bulk import of 276,882 rows ≈ 0.2 s).
    index("households_owner_idx").on(t.ownerUserId).where(sql`${t.ownerUserId} IS NOT NULL`),
    index("households_phone_idx").on(t.phone),
    uniqueIndex("households_national_id_unique").on(t.nationalId),
  ],
);

/** Every stored status change: who, when, why. */
export const householdEvents = sqliteTable(
  "household_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    householdId: integer("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: HOUSEHOLD_STATUSES }),
    toStatus: text("to_status", { enum: HOUSEHOLD_STATUSES }).notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: HOUSEHOLD_EVENT_KINDS }).notNull().default("status"),
    note: text("note"),
    at: createdAt(),
  },
  (t) => [index("household_events_household_idx").on(t.householdId, t.at)],
);

export type Household = typeof households.$inferSelect;
export type HouseholdEvent = typeof householdEvents.$inferSelect;
