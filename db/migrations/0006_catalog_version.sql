-- One counter that moves with every write to what catalog pages show (listings, their photos, the farms;
-- a new household shows nowhere until it has a listing, so its insert does not count).
-- Catalog reads are cached per value of the counter (app/catalog/cache.server.ts); triggers keep it exact
-- whichever connection writes (the web server, the worker thread, a script).
CREATE TABLE `catalog_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `version` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `catalog_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `listings_catalog_version_insert` AFTER INSERT ON `listings` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `listings_catalog_version_update` AFTER UPDATE ON `listings` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `listings_catalog_version_delete` AFTER DELETE ON `listings` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `listing_photos_catalog_version_insert` AFTER INSERT ON `listing_photos` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `listing_photos_catalog_version_update` AFTER UPDATE ON `listing_photos` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `listing_photos_catalog_version_delete` AFTER DELETE ON `listing_photos` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `households_catalog_version_update` AFTER UPDATE ON `households` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `households_catalog_version_delete` AFTER DELETE ON `households` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
