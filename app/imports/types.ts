/** Shapes of validated import rows, shared by the server modules and the upload page (no server code). */
import type { Resolution } from "~/addresses/types";
import type { HouseholdKind } from "../../db/schema";
import type { ImportField } from "./headers";

export interface RowError {
  field: ImportField;
  /** locale key, e.g. "imports:errors.phone.wrongLength" */
  key: string;
  params: Record<string, string | number>;
  /** for address errors: the lookup's answer, to be worded with describeResolution (addresses namespace) */
  resolution?: Resolution;
}

export interface ImportedHousehold {
  kind: HouseholdKind;
  representativeName: string;
  /** null: the representative's name is used */
  displayName: string | null;
  /** E.164 */
  phone: string;
  nationalId: string | null;
  nationalIdKind: "cccd" | "cmnd" | null;
  /** flags for the report: the 11-digit CCCD got its leading zero back / an old 9-digit CMND */
  nationalIdFlags: { restoredZero: boolean; cmnd: boolean };
  communeCode: string;
  communeName: string;
  /** how the address was understood, e.g. from a former commune (shown in the preview) */
  address: { via: "current" | "former"; formerName: string | null };
  /** hamlet and address line joined: "Ấp Mỹ Lợi, 12 đường 30/4" */
  addressLine: string;
  mainProducts: string;
  farmAreaM2: number | null;
  email: string | null;
  consent: { source: "column" | "batch" };
}
