/**
 * What an officer sees when an import fails: a decompression bomb is refused on the upload page with the
 * form's choices kept; an internal error (a bug, a full disk) is worded as a system failure on the upload
 * page, the batch page and the command line, and its own message and stack go to the log only.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { runNextJob } from "~/jobs/runner.server";
import { logger } from "~/lib/logger.server";
import * as batchPage from "~/routes/can-bo.nhap.$id";
import * as uploadPage from "~/routes/can-bo.nhap._index";
import { freshTestDb } from "../../tests/db";
import { HEADER, writeCsv } from "../../tests/fixtures/imports/support";
import { bombParts, zipParts } from "../../tests/fixtures/imports/xlsx-zip";
import { getBatch } from "./batches.server";
import type * as Readers from "./readers.server";
import { importCli } from "./cli.server";
import "./jobs.server";

// readRows fails with an internal error while `failure.error` is set (every other call reads as usual).
const failure = vi.hoisted(() => ({ error: null as Error | null }));
vi.mock("./readers.server", async (importOriginal) => {
  const actual = await importOriginal<typeof Readers>();
  return {
    ...actual,
    readRows: (...params: Parameters<typeof actual.readRows>) => (failure.error ? Promise.reject(failure.error) : actual.readRows(...params)),
  };
});

const INTERNAL = "boom internals";
const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());
afterEach(() => {
  failure.error = null;
  vi.restoreAllMocks();
});

const SHEET = [HEADER.join(","), "Nguyễn Văn Một,0912 345 601,082123456701,Đạo Thạnh,,Xoài,1500,Có"].join("\r\n");

function upload(cookie: string, file: { name: string; bytes: string | Buffer }, fields: Record<string, string> = {}) {
  const body = new FormData();
  body.set("kind", "households");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("file", new File([typeof file.bytes === "string" ? file.bytes : new Uint8Array(file.bytes)], file.name));
  return new Request("http://localhost/can-bo/nhap", { method: "POST", headers: { Cookie: cookie, "Accept-Language": "vi" }, body });
}

async function officer() {
  const user = await makeUser(db, "officer");
  assignOfficerAreas(db, user.id, [{ kind: "province", code: "82" }]);
  return { user, cookie: await signIn(db, user.id) };
}

async function batchView(location: string, cookie: string) {
  const id = location.split("/").pop()!;
  return (await (await batchPage.loader(args(getRequest(location, cookie), { id }))).json()).view;
}

const uploadedFiles = () => fs.readdirSync(path.join(db.uploadsDir, "imports")).filter((f) => !f.endsWith(".preview.json"));

describe("the upload page", () => {
  it("refuses a decompression bomb with a message, keeps the choices made, records no batch and keeps no file", async () => {
    const { cookie } = await officer();
    const batches = db.$client.prepare(`SELECT COUNT(*) AS n FROM import_batches`).pluck();
    const before = { batches: batches.get(), files: fs.existsSync(path.join(db.uploadsDir, "imports")) ? uploadedFiles().length : 0 };
    const response = (await uploadPage.action(
      args(upload(cookie, { name: "ds-ho.xlsx", bytes: zipParts(bombParts(400)) }, { sheet: "Hộ dân", consent: "on" })),
    )) as Response;
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toMatch(/^Tệp Excel này khi giải nén quá lớn/);
    expect(body.values).toEqual({ kind: "households", sheet: "Hộ dân", consent: true });
    expect(batches.get()).toBe(before.batches);
    expect(uploadedFiles()).toHaveLength(before.files);
  });

  it("words an internal error of the preview as a system failure; the log gets the error", async () => {
    const { cookie } = await officer();
    const logged = vi.spyOn(logger(), "error");
    failure.error = new TypeError(INTERNAL);
    const response = (await uploadPage.action(args(upload(cookie, { name: "ds-ho.csv", bytes: SHEET }, { consent: "on" })))) as Response;
    expect(response.status).toBe(302);
    const view = await batchView(response.headers.get("Location")!, cookie);
    expect(view.stage).toBe("failed");
    expect(view.fileError).toMatch(/^Đợt nhập không thực hiện được vì lỗi hệ thống/);
    expect(JSON.stringify(view)).not.toContain(INTERNAL);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: failure.error }), expect.any(String));
  });
});

describe("the background run", () => {
  it("retries an internal error, then fails the batch in words, never with the error's text", async () => {
    const { cookie } = await officer();
    const response = (await uploadPage.action(args(upload(cookie, { name: "ds-ho.csv", bytes: SHEET }, { consent: "on" })))) as Response;
    const location = response.headers.get("Location")!;
    const id = Number(location.split("/").pop());
    expect((await batchView(location, cookie)).stage).toBe("preview");
    await batchPage.action(args(formRequest(location, { intent: "confirm" }, cookie), { id: String(id) }));

    failure.error = new Error(INTERNAL);
    const run = () => runNextJob(db, { backoffMs: () => 0, log: logger() });
    expect((await run())?.outcome).toBe("retrying");
    // while attempts remain the batch waits to be resumed
    expect(getBatch(db, id)?.status).toBe("running");
    expect((await run())?.outcome).toBe("retrying");
    expect((await run())?.outcome).toBe("failed");
    const view = await batchView(location, cookie);
    expect(view.stage).toBe("failed");
    expect(view.fileError).toMatch(/^Đợt nhập không thực hiện được vì lỗi hệ thống/);
    expect(JSON.stringify(view)).not.toContain(INTERNAL);
  });
});

describe("the command line", () => {
  it("prints a sentence for an internal error (exit 2), and the log gets the error", async () => {
    const { user } = await officer();
    const phone = db.$client.prepare(`SELECT phone FROM users WHERE id = ?`).pluck().get(user.id) as string;
    const out: string[] = [];
    let err = "";
    const logged = vi.spyOn(logger(), "error");
    failure.error = new Error(INTERNAL);
    const code = await importCli("households", [writeCsv([HEADER, ["Nguyễn Văn Hai", "0912345602", "", "Đạo Thạnh", "", "", "", "Có"]]), "--officer", phone], {
      out: (line) => out.push(line),
      err: (text) => (err += text),
      isTTY: false,
    }, db);
    expect(code).toBe(2);
    expect(err).toContain("Đợt nhập dừng vì lỗi hệ thống");
    expect(err + out.join("\n")).not.toContain(INTERNAL);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ err: failure.error }), expect.any(String));
  });
});
