CREATE TABLE `officer_areas` (
	`user_id` integer NOT NULL,
	`unit_code` text NOT NULL,
	`unit_level` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `unit_code`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `one_time_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`phone` text NOT NULL,
	`user_id` integer,
	`code_hash` text NOT NULL,
	`payload` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `otp_phone_purpose_idx` ON `one_time_codes` (`phone`,`purpose`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`password_hash` text,
	`role` text DEFAULT 'buyer' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`email` text,
	`locale` text DEFAULT 'vi' NOT NULL,
	`phone_verified_at` integer,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_phone_unique` ON `users` (`phone`);--> statement-breakpoint
CREATE TABLE `admin_unit_mappings` (
	`from_set` text NOT NULL,
	`from_code` text NOT NULL,
	`to_set` text NOT NULL,
	`to_code` text NOT NULL,
	`merge_type` text NOT NULL,
	PRIMARY KEY(`from_set`, `from_code`, `to_set`, `to_code`)
);
--> statement-breakpoint
CREATE INDEX `admin_unit_mappings_to_idx` ON `admin_unit_mappings` (`to_set`,`to_code`);--> statement-breakpoint
CREATE TABLE `admin_unit_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`tiers` integer NOT NULL,
	`is_current` integer DEFAULT false NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `admin_units` (
	`set_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`name_en` text,
	`folded` text NOT NULL,
	`type` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text,
	`province_code` text,
	PRIMARY KEY(`set_id`, `code`),
	FOREIGN KEY (`set_id`) REFERENCES `admin_unit_sets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `admin_units_parent_idx` ON `admin_units` (`set_id`,`parent_code`);--> statement-breakpoint
CREATE INDEX `admin_units_folded_idx` ON `admin_units` (`set_id`,`level`,`folded`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer,
	`result` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`run_after` integer NOT NULL,
	`started_at` integer,
	`heartbeat_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`status`,`run_after`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`template` text NOT NULL,
	`locale` text DEFAULT 'vi' NOT NULL,
	`payload` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`dedupe_key` text,
	`created_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_unique` ON `outbox` (`dedupe_key`);