CREATE TABLE `import_column_maps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`signature` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_column_maps_user_kind_signature_unique` ON `import_column_maps` (`user_id`,`kind`,`signature`);--> statement-breakpoint
CREATE TABLE `import_row_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`row_number` integer NOT NULL,
	`cells` text NOT NULL,
	`notes` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_row_notes_row_unique` ON `import_row_notes` (`batch_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `import_row_reasons` (
	`batch_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`field` text NOT NULL,
	`row_number` integer NOT NULL,
	PRIMARY KEY(`batch_id`, `kind`, `key`, `field`, `row_number`),
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `area_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_kind` text NOT NULL,
	`area_code` text NOT NULL,
	`year` integer NOT NULL,
	`households_to_register` integer,
	`households_to_verify` integer,
	`products_to_list` integer,
	`set_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `area_targets_area_year_unique` ON `area_targets` (`area_kind`,`area_code`,`year`);--> statement-breakpoint
CREATE TABLE `bulk_action_codes` (
	`action_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`phone` text NOT NULL,
	`sealed_code` text,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`action_id`, `household_id`),
	FOREIGN KEY (`action_id`) REFERENCES `bulk_actions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bulk_action_codes_phone_idx` ON `bulk_action_codes` (`action_id`,`phone`);--> statement-breakpoint
CREATE INDEX `bulk_action_codes_expiry_idx` ON `bulk_action_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `bulk_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` integer,
	`kind` text NOT NULL,
	`filters` text NOT NULL,
	`options` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`max_household_id` integer NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`result` text,
	`result_path` text,
	`result_bytes` integer DEFAULT 0 NOT NULL,
	`job_id` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`expires_at` integer,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bulk_actions_actor_idx` ON `bulk_actions` (`actor_user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `household_events` ADD `kind` text DEFAULT 'status' NOT NULL;--> statement-breakpoint
ALTER TABLE `households` ADD `extra_attributes` text;--> statement-breakpoint
ALTER TABLE `households` ADD `verified_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `households` ADD `verified_at` integer;--> statement-breakpoint
ALTER TABLE `households` ADD `verification_method` text;--> statement-breakpoint
ALTER TABLE `order_events` ADD `on_behalf` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `allow_changes` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `field_columns` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `column_map` text;