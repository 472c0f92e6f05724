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
ALTER TABLE `import_batches` ADD `field_columns` text;