/**
 * Imports products (listings) of farm households from a CSV or XLSX sheet, in the spirit of Open Food
 * Network's product import: one row per product, the household named by its CCCD or phone (plus the
 * representative's name when several households share the phone), then product name, category, unit,
 * price, stock, description and optionally the status ("nháp" / "đăng bán"). The same batches, runner
 * and listings module as the upload page (app/imports/listings-import.server.ts); a run killed midway
 * resumes when run again on the same file, and the same file twice changes nothing the second time.
 *
 *   npm run import-listings -- FILE [--officer PHONE] [--sheet NAME] [--dry-run] [--errors OUT.csv|OUT.xlsx]
 *                                   [--locale vi|en] [--map "Header=field"]…
 *
 * Without --officer the rows are imported as the first administrator (said on stderr). An officer
 * imports only for households of their areas. (--consent is accepted but means nothing here: products
 * carry no personal data of their own.)
 * --map (repeatable) chooses what a column feeds: a field name, "ignore"; the mapping used is printed before the counts.
 * Exit codes: 0 every row imported; 1 some rows rejected (see --errors); 2 nothing imported (bad
 * arguments or an unknown field in --map, file unreadable, header or required columns missing, unknown officer).
 */
import { runImportCommand } from "~/imports/cli.server";

runImportCommand("listings");
