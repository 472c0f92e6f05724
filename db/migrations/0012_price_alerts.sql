CREATE TABLE `price_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`commodity_id` integer NOT NULL,
	`market_id` integer,
	`price_type` text DEFAULT 'wholesale' NOT NULL,
	`kind` text NOT NULL,
	`threshold_vnd` integer,
	`move_percent` real,
	`base_vnd` integer,
	`armed` integer DEFAULT true NOT NULL,
	`fired_count` integer DEFAULT 0 NOT NULL,
	`last_fired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`commodity_id`) REFERENCES `commodities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`market_id`) REFERENCES `markets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `price_alerts_user_idx` ON `price_alerts` (`user_id`);--> statement-breakpoint
CREATE INDEX `price_alerts_commodity_idx` ON `price_alerts` (`commodity_id`);