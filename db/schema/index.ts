export * from "./accounts";
export * from "./admin-units";
export * from "./households";
export * from "./jobs";
export * from "./listings";
export * from "./notifications";
export * from "./prices";
export * from "./orders";
