CREATE TABLE `household_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_user_id` integer,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `household_events_household_idx` ON `household_events` (`household_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_user_id` integer,
	`kind` text DEFAULT 'household' NOT NULL,
	`display_name` text NOT NULL,
	`representative_name` text NOT NULL,
	`name_folded` text NOT NULL,
	`phone` text NOT NULL,
	`national_id` text,
	`national_id_kind` text,
	`commune_code` text NOT NULL,
	`address_line` text DEFAULT '' NOT NULL,
	`main_products` text DEFAULT '' NOT NULL,
	`farm_area_m2` integer,
	`certifications` text DEFAULT '[]' NOT NULL,
	`bank_bin` text,
	`bank_account_number` text,
	`bank_account_name` text,
	`delivery` text DEFAULT '{"pickup":true,"feeCommune":null,"feeProvince":null,"feeElsewhere":null,"freeAbove":null}' NOT NULL,
	`show_contact` integer DEFAULT false NOT NULL,
	`zalo_phone` text,
	`status` text DEFAULT 'registered' NOT NULL,
	`status_note` text,
	`registered_by` integer,
	`import_batch_id` integer,
	`consent_at` integer,
	`consent_source` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `households_commune_idx` ON `households` (`commune_code`,`status`);--> statement-breakpoint
CREATE INDEX `households_owner_idx` ON `households` (`owner_user_id`);--> statement-breakpoint
CREATE INDEX `households_phone_idx` ON `households` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `households_national_id_unique` ON `households` (`national_id`);--> statement-breakpoint
CREATE TABLE `listing_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`on_behalf` integer DEFAULT false NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `listing_events_listing_idx` ON `listing_events` (`listing_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `listing_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`listing_id` integer NOT NULL,
	`position` integer NOT NULL,
	`hash` text,
	`width` integer,
	`height` integer,
	`status` text DEFAULT 'processing' NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `listing_photos_listing_idx` ON `listing_photos` (`listing_id`,`position`);--> statement-breakpoint
CREATE TABLE `listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`category` text NOT NULL,
	`commodity_id` integer,
	`title` text NOT NULL,
	`slug` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`unit` text NOT NULL,
	`price_vnd` integer NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`min_order` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`available_from` text,
	`available_to` text,
	`certifications` text DEFAULT '[]' NOT NULL,
	`delivery_area` text,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`commodity_id`) REFERENCES `commodities`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `listings_household_idx` ON `listings` (`household_id`,`status`);--> statement-breakpoint
CREATE INDEX `listings_status_published_idx` ON `listings` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `listings_category_idx` ON `listings` (`category`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `listings_price_idx` ON `listings` (`status`,`price_vnd`);--> statement-breakpoint
CREATE TABLE `commodities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text NOT NULL,
	`category` text NOT NULL,
	`default_unit` text DEFAULT 'kg' NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`reference_series` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commodities_slug_unique` ON `commodities` (`slug`);--> statement-breakpoint
CREATE TABLE `markets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`province_code` text,
	`province_name` text,
	`commune_code` text,
	`is_demo` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `markets_slug_unique` ON `markets` (`slug`);--> statement-breakpoint
CREATE TABLE `price_observations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commodity_id` integer NOT NULL,
	`market_id` integer NOT NULL,
	`date` text NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`price_type` text DEFAULT 'wholesale' NOT NULL,
	`unit` text NOT NULL,
	`min_vnd` integer NOT NULL,
	`max_vnd` integer NOT NULL,
	`avg_vnd` integer NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`entered_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`commodity_id`) REFERENCES `commodities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `price_obs_unique` ON `price_observations` (`commodity_id`,`market_id`,`date`,`grade`,`source`);--> statement-breakpoint
CREATE INDEX `price_obs_commodity_date_idx` ON `price_observations` (`commodity_id`,`date`);--> statement-breakpoint
CREATE INDEX `price_obs_market_date_idx` ON `price_observations` (`market_id`,`date`);--> statement-breakpoint
CREATE INDEX `price_obs_date_idx` ON `price_observations` (`date`);--> statement-breakpoint
CREATE TABLE `reference_prices` (
	`series_code` text NOT NULL,
	`month` text NOT NULL,
	`commodity` text NOT NULL,
	`unit` text NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`price_milli` integer NOT NULL,
	`release_date` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reference_prices_unique` ON `reference_prices` (`series_code`,`month`);