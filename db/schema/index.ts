export * from "./accounts";
export * from "./admin-units";
export * from "./jobs";
export * from "./notifications";
