DROP INDEX `price_obs_commodity_date_cover_idx`;--> statement-breakpoint
ALTER TABLE `price_observations` ADD `withdrawn_at` text;--> statement-breakpoint
CREATE INDEX `price_obs_real_idx` ON `price_observations` (`commodity_id`,`market_id`,`price_type`,`is_demo`,`withdrawn_at`) WHERE is_demo = 0 AND withdrawn_at IS NULL;--> statement-breakpoint
CREATE INDEX `price_obs_commodity_date_cover_idx` ON `price_observations` (`commodity_id`,`date`,`price_type`,`market_id`,`unit`,`min_vnd`,`max_vnd`,`avg_vnd`,`is_demo`,`withdrawn_at`);--> statement-breakpoint
ALTER TABLE `markets` ADD `aliases` text DEFAULT '[]' NOT NULL;