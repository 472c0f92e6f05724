-- Households without AUTOINCREMENT (docs/decisions/0042): every insert into an AUTOINCREMENT table also
-- rewrites its row of sqlite_sequence. Without it SQLite gives a new row max(id) + 1, so ids still only grow:
-- households are never deleted (an erasure keeps the row, app/households/privacy.server.ts), which the
-- bulk actions' max_household_id, the importer and the activity log (household_id without a foreign key) rely on.
-- Rebuilt the SQLite way (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
-- Changes"): new table, copy, drop, rename, then every index and trigger the table had (0001, 0006, 0007).
-- migrateDatabase runs migrations with foreign keys off and checks them after: with them on, DROP TABLE
-- would delete every household's events and listings (ON DELETE CASCADE).
CREATE TABLE `households_new` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner_user_id` integer,
	`kind` text DEFAULT 'household' NOT NULL,
	`display_name` text NOT NULL,
	`representative_name` text NOT NULL,
	`name_folded` text NOT NULL,
	`phone` text NOT NULL,
	`national_id` text,
	`national_id_kind` text,
	`commune_code` text NOT NULL,
	`address_line` text DEFAULT '' NOT NULL,
	`main_products` text DEFAULT '' NOT NULL,
	`farm_area_m2` integer,
	`certifications` text DEFAULT '[]' NOT NULL,
	`bank_bin` text,
	`bank_account_number` text,
	`bank_account_name` text,
	`delivery` text DEFAULT '{"pickup":true,"feeCommune":null,"feeProvince":null,"feeElsewhere":null,"freeAbove":null}' NOT NULL,
	`show_contact` integer DEFAULT false NOT NULL,
	`zalo_phone` text,
	`status` text DEFAULT 'registered' NOT NULL,
	`status_note` text,
	`registered_by` integer,
	`import_batch_id` integer,
	`consent_at` integer,
	`consent_source` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`extra_attributes` text,
	`verified_by` integer REFERENCES users(id),
	`verified_at` integer,
	`verification_method` text,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `households_new` (`id`, `owner_user_id`, `kind`, `display_name`, `representative_name`, `name_folded`, `phone`, `national_id`, `national_id_kind`, `commune_code`, `address_line`, `main_products`, `farm_area_m2`, `certifications`, `bank_bin`, `bank_account_number`, `bank_account_name`, `delivery`, `show_contact`, `zalo_phone`, `status`, `status_note`, `registered_by`, `import_batch_id`, `consent_at`, `consent_source`, `created_at`, `updated_at`, `extra_attributes`, `verified_by`, `verified_at`, `verification_method`)
SELECT `id`, `owner_user_id`, `kind`, `display_name`, `representative_name`, `name_folded`, `phone`, `national_id`, `national_id_kind`, `commune_code`, `address_line`, `main_products`, `farm_area_m2`, `certifications`, `bank_bin`, `bank_account_number`, `bank_account_name`, `delivery`, `show_contact`, `zalo_phone`, `status`, `status_note`, `registered_by`, `import_batch_id`, `consent_at`, `consent_source`, `created_at`, `updated_at`, `extra_attributes`, `verified_by`, `verified_at`, `verification_method` FROM `households`;
--> statement-breakpoint
DROP TABLE `households`;
--> statement-breakpoint
ALTER TABLE `households_new` RENAME TO `households`;
--> statement-breakpoint
CREATE INDEX `households_commune_idx` ON `households` (`commune_code`,`status`);
--> statement-breakpoint
CREATE INDEX `households_phone_idx` ON `households` (`phone`);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_national_id_unique` ON `households` (`national_id`);
--> statement-breakpoint
CREATE INDEX `households_owner_idx` ON `households` (`owner_user_id`) WHERE "households"."owner_user_id" IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `households_catalog_version_update` AFTER UPDATE ON `households` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `households_catalog_version_delete` AFTER DELETE ON `households` BEGIN UPDATE `catalog_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
