-- The rendered-page cache (docs/decisions/0039) keeps catalog and price pages while these two counters
-- stand still, so every table those pages show must move one. Catalog pages also show farms' ratings
-- and reviews, and a farm's page its complaint rate (complaints over delivered orders); price pages
-- also show markets, the commodity list and the World Bank reference series.
CREATE TRIGGER `reviews_catalog_version_insert` AFTER INSERT ON `reviews` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reviews_catalog_version_update` AFTER UPDATE ON `reviews` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reviews_catalog_version_delete` AFTER DELETE ON `reviews` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `complaints_catalog_version_insert` AFTER INSERT ON `complaints` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `complaints_catalog_version_update` AFTER UPDATE ON `complaints` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `complaints_catalog_version_delete` AFTER DELETE ON `complaints` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `order_events_catalog_version_delivered` AFTER INSERT ON `order_events` WHEN NEW.`to_status` = 'delivered' BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `commodities_price_version_insert` AFTER INSERT ON `commodities` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `commodities_price_version_delete` AFTER DELETE ON `commodities` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `markets_price_version_insert` AFTER INSERT ON `markets` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `markets_price_version_update` AFTER UPDATE ON `markets` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `markets_price_version_delete` AFTER DELETE ON `markets` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reference_prices_price_version_insert` AFTER INSERT ON `reference_prices` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reference_prices_price_version_update` AFTER UPDATE ON `reference_prices` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reference_prices_price_version_delete` AFTER DELETE ON `reference_prices` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
