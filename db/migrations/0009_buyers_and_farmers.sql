ALTER TABLE `listings` ADD `quantity_step` real DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `listings` ADD `delivers_outside_province` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `reviews` ADD `moderation` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `reviews` ADD `report_reason` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `reported_at` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `reported_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `reviews` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `reviews` ADD `decided_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `reviews_moderation_idx` ON `reviews` (`moderation`,`reported_at`);