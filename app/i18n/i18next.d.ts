import "i18next";
import type accounts from "../../public/locales/vi/accounts.json";
import type addresses from "../../public/locales/vi/addresses.json";
import type common from "../../public/locales/vi/common.json";
import type dev from "../../public/locales/vi/dev.json";
import type notifications from "../../public/locales/vi/notifications.json";
import type households from "../../public/locales/vi/households.json";
import type listings from "../../public/locales/vi/listings.json";
import type catalog from "../../public/locales/vi/catalog.json";
import type prices from "../../public/locales/vi/prices.json";
import type orders from "../../public/locales/vi/orders.json";
import type imports from "../../public/locales/vi/imports.json";
import type activity from "../../public/locales/vi/activity.json";
import type dashboard from "../../public/locales/vi/dashboard.json";
import type alerts from "../../public/locales/vi/alerts.json";
import type complaints from "../../public/locales/vi/complaints.json";
import type money from "../../public/locales/vi/money.json";
import type shipping from "../../public/locales/vi/shipping.json";

// Keys are typed from the Vietnamese files: a key missing there is a type error.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: {
      common: typeof common;
      accounts: typeof accounts;
      addresses: typeof addresses;
      notifications: typeof notifications;
      dev: typeof dev;
      households: typeof households;
      listings: typeof listings;
      catalog: typeof catalog;
      prices: typeof prices;
      orders: typeof orders;
      imports: typeof imports;
      activity: typeof activity;
      dashboard: typeof dashboard;
      alerts: typeof alerts;
      shipping: typeof shipping;
      complaints: typeof complaints;
      money: typeof money;
    };
  }
}
