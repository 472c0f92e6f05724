-- One counter that moves with every write to price observations (entries, imports, corrections,
-- withdrawals, merges), so figures computed over a commodity's whole history (the spike flag's monthly
-- series) are cached until a price changes, not until anything in the database changes. Triggers keep
-- it exact whichever connection writes (the web server, the worker thread, a script).
CREATE TABLE `price_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `version` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `price_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `price_observations_version_insert` AFTER INSERT ON `price_observations` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `price_observations_version_update` AFTER UPDATE ON `price_observations` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `price_observations_version_delete` AFTER DELETE ON `price_observations` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `commodities_price_version_update` AFTER UPDATE ON `commodities` BEGIN UPDATE `price_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
