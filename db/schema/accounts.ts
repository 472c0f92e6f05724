import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";

export const ROLES = ["buyer", "farmer", "officer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** E.164, e.g. +84912345678 */
    phone: text("phone").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("buyer"),
    name: text("name").notNull().default(""),
    email: text("email"),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    phoneVerifiedAt: timestamp("phone_verified_at"),
    disabledAt: timestamp("disabled_at"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("users_phone_unique").on(t.phone)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** random 256-bit id, base64url; the cookie carries only this */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const OTP_PURPOSES = ["signup", "reset", "phone_change", "claim"] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

export const oneTimeCodes = sqliteTable(
  "one_time_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purpose: text("purpose", { enum: OTP_PURPOSES }).notNull(),
    /** where the code was sent (E.164) */
    phone: text("phone").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    /** purpose-specific data, e.g. the new phone of a phone change */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
  },
  (t) => [index("otp_phone_purpose_idx").on(t.phone, t.purpose)],
);

/** Fixed-window counters for rate limits (log-in per phone, per IP, code sends). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull().default(0),
});

/**
 * Areas an officer works in: a province or a current commune, always in the current set
 * of administrative units. A former district is expanded to current communes when assigned.
 */
export const officerAreas = sqliteTable(
  "officer_areas",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    unitCode: text("unit_code").notNull(),
    unitLevel: text("unit_level", { enum: ["province", "commune"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.unitCode] })],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
