-- Full-text index of listings. drizzle-kit does not model virtual tables, so it lives in this custom migration.
-- The app writes text already folded by app/lib/text.ts fold() (which also maps đ→d, unlike unicode61),
-- plus regional synonyms, from the listings module on every create, update and delete; rowid = listings.id.
CREATE VIRTUAL TABLE `listings_fts` USING fts5(
  `title`,
  `body`,
  `seller`,
  `place`,
  tokenize = 'unicode61 remove_diacritics 2'
);
