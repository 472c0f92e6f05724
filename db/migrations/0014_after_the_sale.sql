CREATE TABLE `complaint_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL,
	`path` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `complaint_photos_complaint_idx` ON `complaint_photos` (`complaint_id`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`buyer_user_id` integer NOT NULL,
	`commune_code` text NOT NULL,
	`reason` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`remedy_asked` text NOT NULL,
	`amount_asked_vnd` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`level` text DEFAULT 'farm' NOT NULL,
	`farm_answer` text,
	`farm_agrees` integer,
	`farm_answered_at` integer,
	`due_at` integer NOT NULL,
	`escalated_at` integer,
	`decision` text,
	`decision_amount_vnd` integer,
	`decision_reason` text,
	`decided_by_user_id` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_order_unique` ON `complaints` (`order_id`);--> statement-breakpoint
CREATE INDEX `complaints_household_idx` ON `complaints` (`household_id`,`status`);--> statement-breakpoint
CREATE INDEX `complaints_commune_idx` ON `complaints` (`commune_code`,`created_at`);--> statement-breakpoint
CREATE INDEX `complaints_due_idx` ON `complaints` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `farm_shipping` (
	`household_id` integer PRIMARY KEY NOT NULL,
	`carriers` text DEFAULT '[]' NOT NULL,
	`pickup_name` text,
	`pickup_phone` text,
	`pickup_commune_code` text,
	`pickup_address_line` text,
	`weight_tolerance_pct` integer DEFAULT 10 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`order_id` integer,
	`kind` text NOT NULL,
	`amount_vnd` integer NOT NULL,
	`source_key` text NOT NULL,
	`payout_id` integer,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_source_unique` ON `ledger_entries` (`source_key`);--> statement-breakpoint
CREATE INDEX `ledger_entries_household_idx` ON `ledger_entries` (`household_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ledger_entries_order_idx` ON `ledger_entries` (`order_id`);--> statement-breakpoint
CREATE TABLE `payout_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by_user_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`total_vnd` integer NOT NULL,
	`farm_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`amount_vnd` integer NOT NULL,
	`cause` text NOT NULL,
	`cause_ref` text DEFAULT '' NOT NULL,
	`method` text NOT NULL,
	`provider_ref` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_cause_unique` ON `refunds` (`order_id`,`cause`,`cause_ref`);--> statement-breakpoint
CREATE INDEX `refunds_household_idx` ON `refunds` (`household_id`,`status`);--> statement-breakpoint
CREATE TABLE `shipment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shipment_id` integer NOT NULL,
	`carrier` text NOT NULL,
	`event_key` text NOT NULL,
	`kind` text NOT NULL,
	`status` text,
	`carrier_status` text,
	`occurred_at` integer NOT NULL,
	`applied` integer DEFAULT true NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipment_events_key_unique` ON `shipment_events` (`carrier`,`event_key`);--> statement-breakpoint
CREATE INDEX `shipment_events_shipment_idx` ON `shipment_events` (`shipment_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`carrier` text NOT NULL,
	`tracking_code` text,
	`client_code` text NOT NULL,
	`status` text DEFAULT 'created' NOT NULL,
	`cod_vnd` integer DEFAULT 0 NOT NULL,
	`cod_collected_vnd` integer,
	`fee_vnd` integer DEFAULT 0 NOT NULL,
	`weight_grams` integer NOT NULL,
	`last_event_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_client_code_unique` ON `shipments` (`carrier`,`client_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_tracking_unique` ON `shipments` (`carrier`,`tracking_code`);--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE INDEX `shipments_household_idx` ON `shipments` (`household_id`,`status`);--> statement-breakpoint
CREATE TABLE `weight_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`old_subtotal_vnd` integer NOT NULL,
	`new_subtotal_vnd` integer NOT NULL,
	`old_delivery_fee_vnd` integer NOT NULL,
	`new_delivery_fee_vnd` integer NOT NULL,
	`old_total_vnd` integer NOT NULL,
	`new_total_vnd` integer NOT NULL,
	`token_hash` text,
	`expires_at` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `weight_adjustments_order_idx` ON `weight_adjustments` (`order_id`);--> statement-breakpoint
CREATE INDEX `weight_adjustments_waiting_idx` ON `weight_adjustments` (`status`,`expires_at`);--> statement-breakpoint
ALTER TABLE `listings` ADD `unit_weight_grams` integer;--> statement-breakpoint
ALTER TABLE `order_events` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `order_items` ADD `unit_weight_grams` integer;--> statement-breakpoint
ALTER TABLE `order_items` ADD `ordered_quantity` integer;--> statement-breakpoint
ALTER TABLE `order_items` ADD `ordered_line_total_vnd` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `carrier` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `weight_grams` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `packed_at` integer;--> statement-breakpoint
ALTER TABLE `payouts` ADD `run_id` integer;