CREATE TABLE `activity_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`household_id` integer,
	`listing_id` integer,
	`batch_id` integer,
	`commune_code` text,
	`detail` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `activity_log_at_idx` ON `activity_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `activity_log_actor_idx` ON `activity_log` (`actor_user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `activity_log_household_idx` ON `activity_log` (`household_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'previewed' NOT NULL,
	`actor_user_id` integer,
	`via` text NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`stored_path` text,
	`sheet` text,
	`batch_consent` integer DEFAULT false NOT NULL,
	`locale` text DEFAULT 'vi' NOT NULL,
	`headers` text,
	`rows_total` integer,
	`last_row_number` integer DEFAULT 0 NOT NULL,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`job_id` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `import_batches_actor_idx` ON `import_batches` (`actor_user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `import_batches_file_idx` ON `import_batches` (`file_sha256`,`kind`);--> statement-breakpoint
CREATE TABLE `import_row_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`row_number` integer NOT NULL,
	`cells` text NOT NULL,
	`reasons` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_row_errors_row_unique` ON `import_row_errors` (`batch_id`,`row_number`);