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
CREATE UNIQUE INDEX `area_targets_area_year_unique` ON `area_targets` (`area_kind`,`area_code`,`year`);