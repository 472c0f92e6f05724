ALTER TABLE `outbox` ADD `provider` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `provider_message_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivered_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `failed_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_provider_message_idx` ON `outbox` (`provider`,`provider_message_id`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`recipient`,`id`);