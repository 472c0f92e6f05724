DROP INDEX `households_owner_idx`;--> statement-breakpoint
CREATE INDEX `households_owner_idx` ON `households` (`owner_user_id`) WHERE "households"."owner_user_id" IS NOT NULL;