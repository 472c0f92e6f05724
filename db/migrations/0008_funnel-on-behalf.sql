ALTER TABLE `household_events` ADD `kind` text DEFAULT 'status' NOT NULL;--> statement-breakpoint
ALTER TABLE `households` ADD `verified_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `households` ADD `verified_at` integer;--> statement-breakpoint
ALTER TABLE `households` ADD `verification_method` text;--> statement-breakpoint
ALTER TABLE `order_events` ADD `on_behalf` integer DEFAULT false NOT NULL;