/**
 * The household processor: one sheet row → a household created, updated, left unchanged or the row
 * rejected with its reasons. Used by the runner for the command line and the upload page alike.
 *
 * Rules (issue 5):
 * - Same household: by national ID (CCCD/CMND); else by phone together with the folded name. A phone
 *   alone never merges (relatives and officers lend theirs). A row with an ID also finds an earlier
 *   household of the same phone and name registered without an ID, and gives it the ID.
 * - A later row of the same household in the file is that household again, merged into its first row
 *   (households-merge.ts): "updated" or "unchanged", never a second create (also in a dry run, where an
 *   overlay stands in for the writes).
 * - A row whose values equal the stored ones writes nothing (updated_at stays); an empty cell never
 *   erases what is known; the status is never touched (an import cannot downgrade a household).
 * - A household its owner has taken over (status other than "registered", or an owner account) keeps
 *   its identity: name, phone, national ID and commune are not overwritten by an import. The row is
 *   not rejected — the rest of it still applies — and carries a note naming what was kept.
 * - Anyone else's household changes identity only when the batch allows changes (issue 12): otherwise
 *   the row is rejected as a change to confirm; an applied change is logged (import.householdChange).
 * - Officers import only into their own areas: a row for a commune outside them is rejected, and so is
 *   a row matching an existing household outside them.
 *
 * Writes go through prepared statements (speed: 276,882 rows in seconds) but keep the households
 * module's rules: registered by the actor, consent recorded (consentAt, consentSource
 * "import:<batchId>:column|batch"), importBatchId, a household_events "registered" row with the actor.
 */
import type { Statement } from "better-sqlite3";
import { allows, authorizeOrFail, communeChecker, communeScope } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { servedProvinceCodes } from "~/addresses/served.server";
import { reindexHousehold } from "~/catalog/search-index.server";
import type { Actor } from "~/accounts/access";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { cleanText, fold } from "~/lib/text";
import { recordActivity } from "~/activity/log.server";
import { maskNationalId } from "~/households/national-id";
import { PRODUCTS_MAX } from "~/households/profile.server";
import { formatPhone } from "~/lib/phone";
import {
  changeProblems,
  mergeHousehold,
  repeatNotes,
  type DescribeValue,
  type HouseholdRow,
  type HouseholdState,
  type Merge,
} from "./households-merge";
import { CANONICAL_HEADERS, countKnownHeaders, HOUSEHOLD_FIELD_SPECS, IMPORT_FIELDS, matchHeaders, type HeaderMatch } from "./headers";
import {
  registerProcessor,
  type CheckContext,
  type ImportProcessor,
  type ProcessorContext,
  type RowChecker,
  type RowProblem,
  type RowWriter,
} from "./processor";
import type { ImportedHousehold } from "./types";
import { validateHouseholdRow, type ValidateContext } from "./validate.server";

const STATE_COLUMNS = `id, kind, display_name AS displayName, representative_name AS representativeName, phone,
  national_id AS nationalId, national_id_kind AS nationalIdKind, commune_code AS communeCode,
  address_line AS addressLine, main_products AS mainProducts, farm_area_m2 AS farmAreaM2, status,
  owner_user_id AS ownerUserId, consent_at AS consentAt, import_batch_id AS importBatchId, extra_attributes AS extraAttributes`;

function householdRow(value: ImportedHousehold, extraAttributes: string | null): HouseholdRow {
  const { kind, representativeName, displayName, phone, nationalId, nationalIdKind, communeCode, addressLine, mainProducts, farmAreaM2, consent } = value;
  const nameFolded = fold(representativeName);
  return { kind, representativeName, nameFolded, displayName, phone, nationalId, nationalIdKind, communeCode, addressLine, mainProducts, farmAreaM2, consent, extraAttributes };
}

interface Statements {
  byNationalId: Statement;
  byPhoneName: Statement;
  byPhoneNameWithoutId: Statement;
  insert: Statement;
  insertEvents: Statement;
  update: Statement;
  hasListings: Statement;
}

const statementCache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = statementCache.get(db);
  if (s) return s;
  const sqlite = db.$client;
  s = {
    byNationalId: sqlite.prepare(`SELECT ${STATE_COLUMNS} FROM households WHERE national_id = ?`),
    byPhoneName: sqlite.prepare(`SELECT ${STATE_COLUMNS} FROM households WHERE phone = ? AND name_folded = ? ORDER BY id LIMIT 1`),
    byPhoneNameWithoutId: sqlite.prepare(
      // "+national_id": the phone index, not a scan of every household without an ID through the ID index
      `SELECT ${STATE_COLUMNS} FROM households WHERE phone = ? AND name_folded = ? AND +national_id IS NULL ORDER BY id LIMIT 1`,
    ),
    insert: sqlite.prepare(
      `INSERT INTO households (kind, display_name, representative_name, name_folded, phone, national_id, national_id_kind,
         commune_code, address_line, main_products, farm_area_m2, status, registered_by, import_batch_id, consent_at,
         consent_source, created_at, updated_at, extra_attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'registered', ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // The "registered" events of the households a chunk created, in one statement at the chunk's end:
    // same rows as one INSERT per household (note = the consent source, at = the creation time).
    insertEvents: sqlite.prepare(
      `INSERT INTO household_events (household_id, from_status, to_status, actor_user_id, note, created_at)
       SELECT id, NULL, 'registered', ?, consent_source, created_at FROM households
       WHERE id >= ? AND import_batch_id = ? ORDER BY id`,
    ),
    update: sqlite.prepare(
      `UPDATE households SET kind = @kind, display_name = @displayName, representative_name = @representativeName,
         name_folded = @nameFolded, phone = @phone, national_id = @nationalId, national_id_kind = @nationalIdKind,
         commune_code = @communeCode, address_line = @addressLine, main_products = @mainProducts,
         farm_area_m2 = @farmAreaM2, extra_attributes = @extraAttributes, consent_at = COALESCE(consent_at, @consentAt),
         consent_source = CASE WHEN consent_at IS NULL THEN @consentSource ELSE consent_source END, updated_at = @now
       WHERE id = @id`,
    ),
    hasListings: sqlite.prepare(`SELECT 1 FROM listings WHERE household_id = ? LIMIT 1`),
  };
  statementCache.set(db, s);
  return s;
}

/** The household a validated row is about, by national ID, else by phone and folded name. */
interface Finder {
  /** folded: the folded representative name */
  find(value: HouseholdRow, folded: string): HouseholdState | undefined;
}

/** The non-empty cells of the columns kept as extra attributes, as JSON text ({ header: value }); null when none. */
function extraAttributesOf(cells: readonly string[], extras: HeaderMatch["extras"]): string | null {
  if (!extras.length) return null;
  const attributes: Record<string, string> = {};
  let any = false;
  for (const { index, header } of extras) {
    const value = cleanText(cells[index] ?? "");
    if (!value) continue;
    // A header written twice keeps both values: the second under "Header (2)".
    let key = header;
    for (let n = 2; Object.hasOwn(attributes, key); n++) key = `${header} (${n})`;
    attributes[key] = value;
    any = true;
  }
  return any ? JSON.stringify(attributes) : null;
}

function newState(value: HouseholdRow, id: number, now: number, batchId: number): HouseholdState {
  return {
    id,
    kind: value.kind,
    displayName: value.displayName ?? value.representativeName,
    representativeName: value.representativeName,
    phone: value.phone,
    nationalId: value.nationalId,
    nationalIdKind: value.nationalIdKind,
    communeCode: value.communeCode,
    addressLine: value.addressLine,
    mainProducts: value.mainProducts,
    farmAreaM2: value.farmAreaM2,
    status: "registered",
    ownerUserId: null,
    consentAt: now,
    extraAttributes: value.extraAttributes,
    importBatchId: batchId,
  };
}

function note(field: string, key: string, params: Record<string, string | number> = {}): RowProblem {
  return { field, key: `imports:${key}`, params };
}

/** Notes of an accepted row: flags of the validator (restored zero, CMND, former address). */
function flagNotes(value: ImportedHousehold): RowProblem[] {
  const notes: RowProblem[] = [];
  if (value.nationalIdFlags.restoredZero) notes.push(note("nationalId", "flags.restoredZero", { value: value.nationalId ?? "" }));
  if (value.nationalIdFlags.cmnd) notes.push(note("nationalId", "flags.cmnd"));
  if (value.address.via === "former" && value.address.formerName) {
    notes.push(note("commune", "flags.formerAddress", { former: value.address.formerName, commune: value.communeName }));
  }
  return notes;
}

function checkHouseholds(db: Db, ctx: CheckContext): RowChecker {
  const { actor, batch } = ctx;
  authorizeOrFail(allows(actor, "importData"), "imports:errors.notOfficer");
  const match = ctx.columns as HeaderMatch;
  const covers = officerScope(db, actor);
  const validateCtx: ValidateContext = {
    homeProvinceCode: env().HOME_PROVINCE_CODE,
    servedProvinceCodes: servedProvinceCodes(),
    batchConsent: batch.batchConsent,
    ...(covers ? { officerCovers: covers } : {}),
  };
  return (row) => {
    const result = validateHouseholdRow(db, { cells: row.cells, match, clean: true }, validateCtx);
    if (!result.ok) return { ok: false, errors: result.errors };
    const value = householdRow(result.value, extraAttributesOf(row.cells, match.extras));
    const notes = ctx.detail ? flagNotes(result.value) : [];
    return notes.length ? { ok: true, value, notes } : { ok: true, value };
  };
}

function beginHouseholds(db: Db, ctx: ProcessorContext): RowWriter {
  const { actor, batch, dryRun } = ctx;
  authorizeOrFail(allows(actor, "importData"), "imports:errors.notOfficer");
  const s = statements(db);
  const covers = officerScope(db, actor);
  // The households this pass has written or found, by id, with the first row of each: a later row of
  // one of them is a repeat and merges into it (households-merge.ts). Integers only, a few MB for a
  // province's file. A resumed run starts it empty: a household created before the interruption is
  // known by its importBatchId, one only updated before it is taken as met for the first time.
  const firstRowOf = new Map<number, number>();
  const describe = describer(db);
  // A dry run writes nothing: households it would create or change live here, under their keys, so a
  // later row of the same household finds them exactly as a real run finds its own writes.
  const overlay = dryRun ? new Map<string, HouseholdState>() : null;
  let nextDryId = -1;

  const finder: Finder = {
    find(value, folded) {
      const idKey = value.nationalId ? `id:${value.nationalId}` : null;
      const pnKey = overlay ? `pn:${value.phone}|${folded}` : "";
      if (overlay) {
        const hit = (idKey && overlay.get(idKey)) || (!idKey ? overlay.get(pnKey) : undefined);
        if (hit) return hit;
      }
      if (idKey) {
        const byId = s.byNationalId.get(value.nationalId) as HouseholdState | undefined;
        if (byId) return overlay?.get(`#${byId.id}`) ?? byId;
        if (overlay) {
          const hit = overlay.get(pnKey);
          if (hit && hit.nationalId === null) return hit;
        }
        const byPn = s.byPhoneNameWithoutId.get(value.phone, folded) as HouseholdState | undefined;
        return byPn ? (overlay?.get(`#${byPn.id}`) ?? byPn) : undefined;
      }
      const byPn = s.byPhoneName.get(value.phone, folded) as HouseholdState | undefined;
      return byPn ? (overlay?.get(`#${byPn.id}`) ?? byPn) : undefined;
    },
  };

  function remember(state: HouseholdState) {
    if (!overlay) return;
    overlay.set(`#${state.id}`, state);
    if (state.nationalId) overlay.set(`id:${state.nationalId}`, state);
    overlay.set(`pn:${state.phone}|${fold(state.representativeName)}`, state);
  }

  /** The first household created in the current chunk (ids only grow: AUTOINCREMENT), for endChunk. */
  let firstCreated: number | bigint | null = null;

  const consentSources = { column: `import:${batch.id}:column`, batch: `import:${batch.id}:batch` } as const;

  const writeRow: RowWriter = (row, checked) => {
    const value = checked.value as HouseholdRow;
    const notes = checked.notes ? [...checked.notes] : [];

    const consentSource = consentSources[value.consent.source];
    const now = Date.now();
    const folded = value.nameFolded;
    const current = finder.find(value, folded);

    if (!current) {
      if (dryRun) {
        const state = newState(value, nextDryId--, now, batch.id);
        firstRowOf.set(state.id, row.rowNumber);
        remember(state);
        return { outcome: "created", notes };
      }
      // Positional parameters: binding an object costs a property lookup per column on every row.
      const info = s.insert.run(
        value.kind,
        value.displayName ?? value.representativeName,
        value.representativeName,
        folded,
        value.phone,
        value.nationalId,
        value.nationalIdKind,
        value.communeCode,
        value.addressLine,
        value.mainProducts,
        value.farmAreaM2,
        actor.id,
        batch.id,
        now,
        consentSource,
        now,
        now,
        value.extraAttributes,
      );
      if (firstCreated === null) firstCreated = info.lastInsertRowid;
      firstRowOf.set(Number(info.lastInsertRowid), row.rowNumber);
      return { outcome: "created", notes };
    }

    // An officer updates only households of their areas (the row's own commune was checked already).
    if (covers && !covers(current.communeCode)) {
      const commune = getCurrentCommune(db, current.communeCode)?.name ?? current.communeCode;
      return { outcome: "rejected", errors: [{ field: "commune", key: "imports:errors.existingOutsideArea", params: { commune } }] };
    }
    const firstRow = firstRowOf.get(current.id);
    const repeat = firstRow !== undefined || current.importBatchId === batch.id;
    const merge = mergeHousehold(current, value, { repeat, productsMax: PRODUCTS_MAX });
    // Not applied without the officer's confirmation: the preview lists the row under "changes to confirm".
    if (merge.toConfirm.length && !batch.allowChanges) return { outcome: "rejected", errors: changeProblems(merge, current, describe) };
    if (firstRow === undefined) firstRowOf.set(current.id, row.rowNumber);
    // (the first row is unknown only after a resumed real run, whose notes nobody reads)
    else notes.push(...repeatNotes(merge, firstRow, describe));
    for (const field of merge.kept) notes.push(note(field, "notes.identityKept"));
    if (!merge.changed.length && !merge.consentAdded) return { outcome: "unchanged", notes };
    if (dryRun) {
      remember({ ...merge.next, consentAt: merge.next.consentAt ?? now });
      return { outcome: merge.changed.length ? "updated" : "unchanged", notes };
    }
    const n = merge.next;
    s.update.run({
      id: n.id,
      kind: n.kind,
      displayName: n.displayName,
      representativeName: n.representativeName,
      nameFolded: fold(n.representativeName),
      phone: n.phone,
      nationalId: n.nationalId,
      nationalIdKind: n.nationalIdKind,
      communeCode: n.communeCode,
      addressLine: n.addressLine,
      mainProducts: n.mainProducts,
      farmAreaM2: n.farmAreaM2,
      extraAttributes: n.extraAttributes,
      consentAt: now,
      consentSource,
      now,
    });
    if (merge.toConfirm.length) logChanges(db, { merge, current, actor, batchId: batch.id, rowNumber: row.rowNumber, describe });
    // Shop name and place are in the search index of the household's listings.
    if (merge.changed.length && s.hasListings.get(n.id)) reindexHousehold(db, n.id);
    // Consent recorded for a household that lacked it is a change of its record, not of its profile.
    return { outcome: merge.changed.length ? "updated" : "unchanged", notes };
  };
  writeRow.endChunk = () => {
    if (firstCreated === null) return;
    s.insertEvents.run(actor.id, firstCreated, batch.id);
    firstCreated = null;
  };
  return writeRow;
}

/** Values as the officer reads them: a commune by its name, a phone as dialled, a national ID masked. */
function describer(db: Db): DescribeValue {
  const communeNames = new Map<string, string>();
  return (field, value) => {
    if (value === null) return "";
    if (field === "communeCode") {
      const code = String(value);
      let name = communeNames.get(code);
      if (name === undefined) communeNames.set(code, (name = getCurrentCommune(db, code)?.name ?? code));
      return name;
    }
    if (field === "phone") return formatPhone(String(value));
    if (field === "nationalId") return maskNationalId(String(value), false) ?? "";
    return value;
  };
}

/** Each confirmed change of identity, in the activity log with the batch, the row and from → to. */
function logChanges(
  db: Db,
  input: { merge: Merge; current: HouseholdState; actor: Actor; batchId: number; rowNumber: number; describe: DescribeValue },
) {
  const { merge, current, describe } = input;
  for (const field of merge.toConfirm) {
    recordActivity(db, {
      actorUserId: input.actor.id,
      action: "import.householdChange",
      householdId: current.id,
      batchId: input.batchId,
      communeCode: merge.next.communeCode,
      detail: { field, from: describe(field, current[field]), to: describe(field, merge.next[field]), row: input.rowNumber },
    });
  }
}

/** Is the commune the actor's (the access policy, cached per batch)? null when every commune is. */
function officerScope(db: Db, actor: Actor): ((code: string) => boolean) | null {
  return communeScope(db, actor) === null ? null : communeChecker(db, actor);
}

export const householdsProcessor: ImportProcessor = {
  kind: "households",
  isHeaderRow: (cells) => countKnownHeaders(cells) >= 2,
  fields: HOUSEHOLD_FIELD_SPECS,
  keepsExtras: true,
  matchHeaders(headers, overrides) {
    const match = matchHeaders(headers, overrides);
    return match.missing.length || match.duplicate
      ? { ok: false, missing: [...match.missing], duplicate: match.duplicate, mapping: match.mapping }
      : { ok: true, columns: match, mapping: match.mapping };
  },
  templateHeaders: (locale) => IMPORT_FIELDS.map((field) => CANONICAL_HEADERS[field][locale]),
  check: checkHouseholds,
  begin: beginHouseholds,
};

registerProcessor(householdsProcessor);
