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
CREATE INDEX `bulk_actions_actor_idx` ON `bulk_actions` (`actor_user_id`,`created_at`);