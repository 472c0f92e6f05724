-- Onboarding counters (decision 0044): the officer dashboard reads small rows instead of scanning households, their
-- events, listings and orders. Every figure is kept under four keys: the commune (commune_code) and its province
-- ('p' || province code), each per registration day (reg_day, the Vietnam day of households.created_at: the page's
-- cohorts) and for all registration days (reg_day -1). Maintained by triggers in the same transaction as every
-- change; backfilled here from the rows that exist.
CREATE TABLE `onboarding_cohorts` (
  `commune_code` text NOT NULL,
  `reg_day` integer NOT NULL,
  `registered` integer NOT NULL DEFAULT 0,
  `activated` integer NOT NULL DEFAULT 0,
  `verified` integer NOT NULL DEFAULT 0,
  `eligible` integer NOT NULL DEFAULT 0,
  `suspended` integer NOT NULL DEFAULT 0,
  `listed` integer NOT NULL DEFAULT 0,
  `sold` integer NOT NULL DEFAULT 0,
  `listings_published` integer NOT NULL DEFAULT 0,
  `orders_completed` integer NOT NULL DEFAULT 0,
  `orders_completed_vnd` integer NOT NULL DEFAULT 0,
  `orders_not_cancelled` integer NOT NULL DEFAULT 0,
  `orders_not_cancelled_vnd` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`commune_code`, `reg_day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `onboarding_days` (
  `commune_code` text NOT NULL,
  `reg_day` integer NOT NULL,
  `stage` text NOT NULL,
  `day` integer NOT NULL,
  `households` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`commune_code`, `reg_day`, `stage`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `onboarding_products` (
  `commune_code` text NOT NULL,
  `reg_day` integer NOT NULL,
  `day` integer NOT NULL,
  `product` text NOT NULL,
  `listings` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`commune_code`, `reg_day`, `day`, `product`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIEW `onboarding_key_variants` AS SELECT 0 AS v UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3;
--> statement-breakpoint
CREATE VIEW `onboarding_household_state` AS
SELECT h.id AS household_id, h.commune_code AS commune_code, ((h.created_at + 25200000) / 86400000) AS reg_day, h.status AS status,
  COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS province_code,
  (SELECT MIN(e.created_at) FROM household_events e WHERE e.household_id = h.id
     AND (e.to_status IN ('activated','verified') OR e.from_status IN ('activated','verified'))) AS first_active_at,
  (SELECT MIN(e.created_at) FROM household_events e WHERE e.household_id = h.id
     AND (e.to_status = 'verified' OR e.from_status = 'verified')) AS first_verified_at,
  (SELECT COUNT(*) FROM listings l WHERE l.household_id = h.id AND l.status = 'published') AS listings_published,
  (SELECT MIN(COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END)) FROM listings l
     WHERE l.household_id = h.id) AS first_listed_at,
  (SELECT COUNT(*) FROM orders o WHERE o.household_id = h.id AND o.status = 'completed') AS orders_completed,
  (SELECT COALESCE(SUM(o.total_vnd), 0) FROM orders o WHERE o.household_id = h.id AND o.status = 'completed') AS orders_completed_vnd,
  (SELECT COUNT(*) FROM orders o WHERE o.household_id = h.id AND o.status NOT IN ('cancelled','rejected','expired')) AS orders_not_cancelled,
  (SELECT COALESCE(SUM(o.total_vnd), 0) FROM orders o WHERE o.household_id = h.id
     AND o.status NOT IN ('cancelled','rejected','expired')) AS orders_not_cancelled_vnd,
  (SELECT MIN(COALESCE((SELECT MIN(oe.created_at) FROM order_events oe WHERE oe.order_id = o.id AND oe.to_status IN ('delivered','completed')), o.updated_at))
     FROM orders o WHERE o.household_id = h.id AND o.status IN ('delivered','completed')) AS first_sale_at
FROM households h;
--> statement-breakpoint
CREATE TRIGGER `households_onboarding_insert` AFTER INSERT ON `households` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended)
    VALUES (NEW.commune_code, ((NEW.created_at + 25200000) / 86400000), 1, NEW.status IN ('activated','verified'), NEW.status = 'verified', NEW.status = 'verified', NEW.status = 'suspended'), (NEW.commune_code, -1, 1, NEW.status IN ('activated','verified'), NEW.status = 'verified', NEW.status = 'verified', NEW.status = 'suspended'),
      ('p' || COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = NEW.commune_code AND u.level = 'commune'), '?'), ((NEW.created_at + 25200000) / 86400000), 1, NEW.status IN ('activated','verified'), NEW.status = 'verified', NEW.status = 'verified', NEW.status = 'suspended')
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + 1, activated = activated + excluded.activated,
      verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended;
END;
--> statement-breakpoint
CREATE TRIGGER `households_onboarding_insert_stages` AFTER INSERT ON `households` WHEN NEW.status IN ('activated','verified') BEGIN
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id = NEW.id LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified' UNION ALL SELECT 'listed' UNION ALL SELECT 'sold') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `households_onboarding_update_before` BEFORE UPDATE OF status, commune_code, created_at ON `households` WHEN OLD.status IS NOT NEW.status OR OLD.commune_code IS NOT NEW.commune_code OR OLD.created_at IS NOT NEW.created_at BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id, NEW.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id, NEW.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified' UNION ALL SELECT 'listed' UNION ALL SELECT 'sold') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, -SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.id, NEW.id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `households_onboarding_update_after` AFTER UPDATE OF status, commune_code, created_at ON `households` WHEN OLD.status IS NOT NEW.status OR OLD.commune_code IS NOT NEW.commune_code OR OLD.created_at IS NOT NEW.created_at BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id, NEW.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id, NEW.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified' UNION ALL SELECT 'listed' UNION ALL SELECT 'sold') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.id, NEW.id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `households_onboarding_delete` BEFORE DELETE ON `households` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified' UNION ALL SELECT 'listed' UNION ALL SELECT 'sold') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, -SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `household_events_onboarding_insert_before` BEFORE INSERT ON `household_events` WHEN NEW.to_status IN ('activated','verified') OR NEW.from_status IN ('activated','verified') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `household_events_onboarding_insert_after` AFTER INSERT ON `household_events` WHEN NEW.to_status IN ('activated','verified') OR NEW.from_status IN ('activated','verified') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `household_events_onboarding_delete_before` BEFORE DELETE ON `household_events` WHEN OLD.to_status IN ('activated','verified') OR OLD.from_status IN ('activated','verified') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `household_events_onboarding_delete_after` AFTER DELETE ON `household_events` WHEN OLD.to_status IN ('activated','verified') OR OLD.from_status IN ('activated','verified') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified') k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_insert_before` BEFORE INSERT ON `listings` WHEN NEW.status = 'published' OR NEW.published_at IS NOT NULL BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, -SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (NEW.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_insert_after` AFTER INSERT ON `listings` WHEN NEW.status = 'published' OR NEW.published_at IS NOT NULL BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (NEW.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_update_before` BEFORE UPDATE OF status, published_at, household_id, commodity_id, category, created_at ON `listings` WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at OR OLD.household_id IS NOT NEW.household_id OR OLD.commodity_id IS NOT NEW.commodity_id OR OLD.category IS NOT NEW.category OR OLD.created_at IS NOT NEW.created_at BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, -SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.household_id, NEW.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_update_after` AFTER UPDATE OF status, published_at, household_id, commodity_id, category, created_at ON `listings` WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at OR OLD.household_id IS NOT NEW.household_id OR OLD.commodity_id IS NOT NEW.commodity_id OR OLD.category IS NOT NEW.category OR OLD.created_at IS NOT NEW.created_at BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.household_id, NEW.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_delete_before` BEFORE DELETE ON `listings` WHEN OLD.status = 'published' OR OLD.published_at IS NOT NULL BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, -SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_onboarding_delete_after` AFTER DELETE ON `listings` WHEN OLD.status = 'published' OR OLD.published_at IS NOT NULL BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'listed' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
  INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, SUM(t.n) FROM (
      SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
      FROM households h JOIN listings l ON l.household_id = h.id
      WHERE h.id IN (OLD.household_id) AND (l.published_at IS NOT NULL OR l.status = 'published')
      GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (commune_code, reg_day, day, product) DO UPDATE SET listings = listings + excluded.listings;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_insert_before` BEFORE INSERT ON `orders` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_insert_after` AFTER INSERT ON `orders` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_update_before` BEFORE UPDATE OF status, total_vnd, updated_at, household_id ON `orders` WHEN OLD.status IS NOT NEW.status OR OLD.total_vnd IS NOT NEW.total_vnd OR OLD.household_id IS NOT NEW.household_id OR (OLD.updated_at IS NOT NEW.updated_at AND NEW.status IN ('delivered','completed')) BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_update_after` AFTER UPDATE OF status, total_vnd, updated_at, household_id ON `orders` WHEN OLD.status IS NOT NEW.status OR OLD.total_vnd IS NOT NEW.total_vnd OR OLD.household_id IS NOT NEW.household_id OR (OLD.updated_at IS NOT NEW.updated_at AND NEW.status IN ('delivered','completed')) BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id, NEW.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_delete_before` BEFORE DELETE ON `orders` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `orders_onboarding_delete_after` AFTER DELETE ON `orders` BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN (OLD.household_id) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `order_events_onboarding_insert_before` BEFORE INSERT ON `order_events` WHEN NEW.to_status IN ('delivered','completed') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = NEW.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = NEW.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `order_events_onboarding_insert_after` AFTER INSERT ON `order_events` WHEN NEW.to_status IN ('delivered','completed') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = NEW.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = NEW.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `order_events_onboarding_delete_before` BEFORE DELETE ON `order_events` WHEN OLD.to_status IN ('delivered','completed') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, -1, -(s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), -(s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), -(s.status = 'verified'), -(s.status = 'suspended'), -(s.listings_published > 0), -(s.orders_completed > 0), -s.listings_published, -s.orders_completed, -s.orders_completed_vnd, -s.orders_not_cancelled, -s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = OLD.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, -1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = OLD.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
CREATE TRIGGER `order_events_onboarding_delete_after` AFTER DELETE ON `order_events` WHEN OLD.to_status IN ('delivered','completed') BEGIN
  INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
    SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, 1, (s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL)), (s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL)), (s.status = 'verified'), (s.status = 'suspended'), (s.listings_published > 0), (s.orders_completed > 0), s.listings_published, s.orders_completed, s.orders_completed_vnd, s.orders_not_cancelled, s.orders_not_cancelled_vnd
    FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = OLD.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3
    ON CONFLICT (commune_code, reg_day) DO UPDATE SET registered = registered + excluded.registered, activated = activated + excluded.activated, verified = verified + excluded.verified, eligible = eligible + excluded.eligible, suspended = suspended + excluded.suspended, listed = listed + excluded.listed, sold = sold + excluded.sold, listings_published = listings_published + excluded.listings_published, orders_completed = orders_completed + excluded.orders_completed, orders_completed_vnd = orders_completed_vnd + excluded.orders_completed_vnd, orders_not_cancelled = orders_not_cancelled + excluded.orders_not_cancelled, orders_not_cancelled_vnd = orders_not_cancelled_vnd + excluded.orders_not_cancelled_vnd;
  INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
    SELECT commune_code, reg_day, stage, day, 1 FROM (
      SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
      FROM (SELECT * FROM onboarding_household_state WHERE household_id IN ((SELECT o.household_id FROM orders o WHERE o.id = OLD.order_id)) LIMIT 2) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'sold' AS stage) k) WHERE day IS NOT NULL
    ON CONFLICT (commune_code, reg_day, stage, day) DO UPDATE SET households = households + excluded.households;
END;
--> statement-breakpoint
INSERT INTO onboarding_cohorts (commune_code, reg_day, registered, activated, verified, eligible, suspended, listed, sold, listings_published, orders_completed, orders_completed_vnd, orders_not_cancelled, orders_not_cancelled_vnd)
SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END, SUM(1), SUM((s.status IN ('activated','verified') OR (s.status = 'suspended' AND s.first_active_at IS NOT NULL))), SUM((s.status = 'verified' OR (s.status = 'suspended' AND s.first_verified_at IS NOT NULL))), SUM((s.status = 'verified')), SUM((s.status = 'suspended')), SUM((s.listings_published > 0)), SUM((s.orders_completed > 0)), SUM(s.listings_published), SUM(s.orders_completed), SUM(s.orders_completed_vnd), SUM(s.orders_not_cancelled), SUM(s.orders_not_cancelled_vnd)
FROM (SELECT * FROM onboarding_household_state LIMIT -1 OFFSET 0) s CROSS JOIN onboarding_key_variants x WHERE x.v <> 3 GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO onboarding_days (commune_code, reg_day, stage, day, households)
SELECT commune_code, reg_day, stage, day, COUNT(*) FROM (
  SELECT CASE WHEN x.v >= 2 THEN 'p' || s.province_code ELSE s.commune_code END AS commune_code, CASE WHEN x.v % 2 = 1 THEN -1 ELSE s.reg_day END AS reg_day, k.stage, CASE k.stage
      WHEN 'activated' THEN COALESCE(((s.first_active_at + 25200000) / 86400000), CASE WHEN s.status IN ('activated','verified') THEN s.reg_day END)
      WHEN 'verified' THEN COALESCE(((s.first_verified_at + 25200000) / 86400000), CASE WHEN s.status = 'verified' THEN s.reg_day END)
      WHEN 'listed' THEN ((s.first_listed_at + 25200000) / 86400000)
      ELSE ((s.first_sale_at + 25200000) / 86400000) END AS day
  FROM (SELECT * FROM onboarding_household_state LIMIT -1 OFFSET 0) s CROSS JOIN onboarding_key_variants x CROSS JOIN (SELECT 'activated' AS stage UNION ALL SELECT 'verified' UNION ALL SELECT 'listed' UNION ALL SELECT 'sold') k)
WHERE day IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO onboarding_products (commune_code, reg_day, day, product, listings)
SELECT CASE WHEN x.v >= 2 THEN 'p' || t.p ELSE t.c END, CASE WHEN x.v % 2 = 1 THEN -1 ELSE t.r END, t.d, t.product, SUM(t.n) FROM (
  SELECT h.commune_code AS c, COALESCE((SELECT u.province_code FROM admin_units u WHERE u.set_id = 'current' AND u.code = h.commune_code AND u.level = 'commune'), '?') AS p, ((h.created_at + 25200000) / 86400000) AS r, ((COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END) + 25200000) / 86400000) AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
  FROM listings l JOIN households h ON h.id = l.household_id
  WHERE l.published_at IS NOT NULL OR l.status = 'published'
  GROUP BY 1, 2, 3, 4, 5 LIMIT -1 OFFSET 0) t CROSS JOIN onboarding_key_variants x
GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- Active sellers read the sales of the last 60 days only: first sale events, and (orders written before events were
-- kept) sold orders by their last change.
CREATE INDEX `order_events_sale_idx` ON `order_events` (`created_at`) WHERE `to_status` IN ('delivered','completed');
--> statement-breakpoint
CREATE INDEX `onboarding_cohorts_all_days_idx` ON `onboarding_cohorts` (`commune_code`) WHERE `reg_day` = -1;
--> statement-breakpoint
CREATE INDEX `onboarding_days_all_days_idx` ON `onboarding_days` (`commune_code`, `stage`, `day`) WHERE `reg_day` = -1;
--> statement-breakpoint
CREATE INDEX `onboarding_products_all_days_idx` ON `onboarding_products` (`commune_code`, `day`, `product`) WHERE `reg_day` = -1;
--> statement-breakpoint
CREATE INDEX `orders_sale_updated_idx` ON `orders` (`updated_at`) WHERE `status` IN ('delivered','completed');

