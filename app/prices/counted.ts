/**
 * The one rule for which price observations count towards any figure shown (board, commodity page,
 * chart, market day, listing hints, API, the entry sheet's median):
 *  - a withdrawn observation (admin pages) never counts; it stays in the table for the record;
 *  - a demo observation counts only where no real (non-demo, not withdrawn) observation exists for the
 *    same commodity, market and price type, so demo and real prices are never averaged together
 *    (a confirmed officer price next to a demo one once showed "+362 %"). Demo rows that do count keep
 *    is_demo, so the pages label them.
 * Use `COUNTED_OBSERVATIONS` in place of the table name in every read query. The "any real price?"
 * test is one seek in the partial index price_obs_real_idx.
 */
export const COUNTED_OBSERVATIONS = `(SELECT * FROM price_observations po WHERE po.withdrawn_at IS NULL AND (po.is_demo = 0 OR NOT EXISTS (
  SELECT 1 FROM price_observations rp WHERE rp.commodity_id = po.commodity_id AND rp.market_id = po.market_id
    AND rp.price_type = po.price_type AND rp.is_demo = 0 AND rp.withdrawn_at IS NULL)))`;
