-- The farm's ledger replaces payout_ledger. Backfill what the old table knew (and what it had not yet
-- counted) so every balance starts right and nothing is counted twice:
--   card:<orderId>  + what was paid by card, for every card order still paid, or refunded through a
--                     refunds row (whose refund:<id> entry is already in the ledger);
--   payout:<id>     − every payout already made (hand-recorded ones, and those of paid runs).
-- ON CONFLICT: an entry the webhook already wrote since 0014 is not written again.
INSERT INTO `ledger_entries` (`household_id`, `order_id`, `kind`, `amount_vnd`, `source_key`, `note`, `created_at`)
SELECT o.`household_id`, o.`id`, 'card_payment',
       coalesce((SELECT w.`old_total_vnd` FROM `weight_adjustments` w WHERE w.`order_id` = o.`id` ORDER BY w.`id` LIMIT 1), o.`total_vnd`),
       'card:' || o.`id`, 'backfill', o.`created_at`
FROM `orders` o
WHERE o.`payment_method` = 'card'
  AND (o.`payment_status` = 'paid'
       OR (o.`payment_status` = 'refunded' AND EXISTS (SELECT 1 FROM `refunds` r WHERE r.`order_id` = o.`id` AND r.`method` = 'stripe' AND r.`status` = 'succeeded')))
ON CONFLICT (`source_key`) DO NOTHING;
--> statement-breakpoint
INSERT INTO `ledger_entries` (`household_id`, `kind`, `amount_vnd`, `source_key`, `payout_id`, `note`, `created_at`)
SELECT p.`household_id`, 'payout', -p.`amount_vnd`, 'payout:' || p.`id`, p.`id`, p.`reference`, p.`created_at`
FROM `payouts` p
WHERE p.`run_id` IS NULL OR EXISTS (SELECT 1 FROM `payout_runs` r WHERE r.`id` = p.`run_id` AND r.`status` = 'paid')
ON CONFLICT (`source_key`) DO NOTHING;
--> statement-breakpoint
DROP TABLE `payout_ledger`;
