import type { Logger } from "pino";

// What the Express server passes to every loader and action (see scripts/serve.ts).
declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    requestId: string;
    cspNonce: string;
    clientIp: string;
    log: Logger;
  }
}

export {};
