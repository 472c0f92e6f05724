/**
 * Imports farm households from an officer's CSV or XLSX sheet: the same batches, validation and
 * writes as the upload page (app/imports). A run killed midway resumes when run again on the same file.
 *
 *   npm run import-households -- FILE [--officer PHONE] [--sheet NAME] [--dry-run] [--errors OUT.csv|OUT.xlsx]
 *                                     [--consent] [--locale vi|en] [--map "Header=field"]…
 *
 * Without --officer the rows are imported as the first administrator (said on stderr). --consent records
 * the officer's attestation, for the whole file, that the households consented (Decree 13/2023).
 * --map (repeatable) chooses what a column feeds: a field name, "ignore" or "extra" (kept with the household as
 * an extra attribute); the mapping used is printed before the counts.
 * Exit codes: 0 every row imported; 1 some rows rejected (see --errors); 2 nothing imported (bad
 * arguments or an unknown field in --map, file unreadable, header or required columns missing, unknown officer).
 */
import { runImportCommand } from "~/imports/cli.server";

runImportCommand("households");
