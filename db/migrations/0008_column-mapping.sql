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
ALTER TABLE `households` ADD `extra_attributes` text;--> statement-breakpoint
ALTER TABLE `import_batches` ADD `column_map` text;