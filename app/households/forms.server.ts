import type { Household } from "../../db/schema";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { servedCommuneOptions, servedProvinceNames } from "~/addresses/served.server";
import type { Db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { listBanks } from "./banks.server";
import type { HouseholdFormDefaults } from "./HouseholdForm";

/** What the profile form needs to offer: the served provinces' current communes and the bank list. */
export function profileFormOptions(db: Db) {
  return {
    provinceName: servedProvinceNames(db),
    communes: servedCommuneOptions(db),
    banks: listBanks().map((b) => ({ bin: b.bin, shortName: b.shortName, name: b.name })),
  };
}

const amount = (value: number | null) => (value === null ? "" : String(value));

/** A stored household as the form's default values. */
export function householdFormDefaults(h: Household): HouseholdFormDefaults {
  return {
    kind: h.kind,
    representativeName: h.representativeName,
    displayName: h.displayName,
    phone: formatPhone(h.phone),
    nationalId: h.nationalId ?? "",
    communeCode: h.communeCode,
    addressLine: h.addressLine,
    mainProducts: h.mainProducts,
    // Shown with its unit: the field also takes công and ha ("2,5 công").
    farmAreaM2: h.farmAreaM2 === null ? "" : `${h.farmAreaM2} m²`,
    certifications: h.certifications,
    bankBin: h.bankBin ?? "",
    bankAccountNumber: h.bankAccountNumber ?? "",
    bankAccountName: h.bankAccountName ?? "",
    pickup: h.delivery.pickup,
    feeCommune: amount(h.delivery.feeCommune),
    feeProvince: amount(h.delivery.feeProvince),
    feeElsewhere: amount(h.delivery.feeElsewhere),
    freeAbove: amount(h.delivery.freeAbove),
    showContact: h.showContact,
    zaloPhone: h.zaloPhone ? formatPhone(h.zaloPhone) : "",
  };
}

export function communeName(db: Db, code: string): string {
  return getCurrentCommune(db, code)?.name ?? code;
}
