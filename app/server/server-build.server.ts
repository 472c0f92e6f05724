import type { ServerBuild } from "@remix-run/node";
import { refuseUnreadableForms } from "./form-body.server";
import { textErrorsForResourceRoutes } from "./resource-errors.server";

/**
 * What the server adds to the compiled Remix build, in one place (scripts/serve.ts serves the
 * result; tests drive the same): form actions refuse bodies they cannot read with 415/400 and the
 * error page, and resource routes answer their refusals as localized text rather than raw JSON.
 */
export function serverBuild(build: ServerBuild): ServerBuild {
  return textErrorsForResourceRoutes(refuseUnreadableForms(build));
}
