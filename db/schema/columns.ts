import { integer } from "drizzle-orm/sqlite-core";

/** UTC instants stored as milliseconds since the epoch. */
export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .$defaultFn(() => new Date());
