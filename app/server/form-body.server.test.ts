import { createRequestHandler, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type AppLoadContext } from "@remix-run/node";
import type { Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTestDb } from "../../tests/db";
import { sourceBuild, type SourceRoute } from "../../tests/support/remix-app";
import { localeCookie } from "~/i18n/i18n.server";
import { formBodyProblem, refuseUnreadableForm } from "./form-body.server";
import { serverBuild } from "./server-build.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

const MESSAGES = {
  vi: {
    unsupported: "Máy chủ không đọc được biểu mẫu vì nó được gửi theo một định dạng khác.",
    malformed: "Dữ liệu biểu mẫu gửi đến bị hỏng hoặc không đầy đủ.",
  },
  en: {
    unsupported: "The server cannot read the form because it was sent in another format.",
    malformed: "The form data that arrived was damaged or incomplete.",
  },
};

/** A logger that remembers the level of each line, to tell warnings from errors. */
function recordingLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_fields: unknown, msg?: string) => void lines.push({ level, msg: msg ?? "" });
  const log = { warn: at("warn"), error: at("error"), info: at("info"), debug: at("debug"), fatal: at("fatal"), trace: at("trace") };
  return { lines, log: log as unknown as Logger };
}

const context = (log: Logger): AppLoadContext => ({ requestId: "test", cspNonce: "", clientIp: "127.0.0.1", log });

describe("formBodyProblem", () => {
  it("accepts what a form sends", () => {
    expect(formBodyProblem("application/x-www-form-urlencoded")).toBeNull();
    expect(formBodyProblem("application/x-www-form-urlencoded;charset=UTF-8")).toBeNull();
    expect(formBodyProblem("Multipart/Form-Data; boundary=----WebKitFormBoundaryX")).toBeNull();
  });
  it("answers 415 to a missing or non-form type", () => {
    for (const type of [null, "", "text/plain", "text/plain;charset=UTF-8", "application/json", "application/xml", "application/x-www-form-urlencodedx"]) {
      expect(formBodyProblem(type), String(type)).toEqual({ status: 415, messageKey: "common:errors.formBodyUnsupported" });
    }
  });
  it("answers 400 to multipart without a boundary", () => {
    expect(formBodyProblem("multipart/form-data")).toEqual({ status: 400, messageKey: "common:errors.formBodyMalformed" });
    expect(formBodyProblem("multipart/form-data; boundary=")).toEqual({ status: 400, messageKey: "common:errors.formBodyMalformed" });
  });
});

describe("refuseUnreadableForm", () => {
  const args = (request: Request, log: Logger) => ({ request, context: context(log), params: {} });
  const broken = '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello';
  const multipart = (body: string) =>
    new Request("http://localhost/ban-hang/san-pham/1", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=xyz" }, body });

  it("turns a broken multipart body into 400, whether the action reads it with formData() or Remix's upload parser", async () => {
    for (const read of [(r: Request) => r.formData(), (r: Request) => unstable_parseMultipartFormData(r, unstable_createMemoryUploadHandler())]) {
      const { lines, log } = recordingLog();
      const action = refuseUnreadableForm(async ({ request }) => {
        await read(request);
        return null;
      });
      const refused = await Promise.resolve()
        .then(() => action(args(multipart(broken), log)))
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).status).toBe(400);
      expect(await (refused as Response).json()).toEqual({ messageKey: "common:errors.formBodyMalformed" });
      expect(lines.map((l) => l.level)).toEqual(["warn"]);
    }
  });

  it("leaves the action's own errors and machine endpoints alone", async () => {
    const { log } = recordingLog();
    const failing = refuseUnreadableForm(async () => {
      throw new Error("a bug in the action");
    });
    const form = new Request("http://localhost/dang-nhap", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" });
    await expect(failing(args(form, log))).rejects.toThrow("a bug in the action");
    const webhook = vi.fn(async ({ request }: { request: Request }) => new Response(await request.text()));
    const guarded = refuseUnreadableForm(webhook);
    for (const path of ["/webhooks/stripe", "/api/prices"]) {
      const json = new Request(`http://localhost${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      expect(await ((await guarded(args(json, log))) as Response).text()).toBe("{}");
    }
    expect(webhook).toHaveBeenCalledTimes(2);
  });
});

describe("every form action, through the app", () => {
  let handle: (request: Request, log: Logger) => Promise<Response>;
  let formRoutes: SourceRoute[];

  beforeAll(async () => {
    const { build, routes } = await sourceBuild();
    // What scripts/serve.ts serves.
    const handler = createRequestHandler(serverBuild(build), "production");
    handle = (request, log) => handler(request, context(log));
    formRoutes = routes.filter((r) => typeof r.module.action === "function" && !/^\/(api|webhooks)\//.test(r.urlPattern));
  }, 120_000);

  const url = (route: SourceRoute) => `http://localhost${route.urlPattern.replace(/:[A-Za-z]+/g, "1")}`;

  it("are found: every page that takes a form", () => {
    const ids = formRoutes.map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(17);
    expect(ids).toEqual(expect.arrayContaining(["routes/dang-nhap", "routes/dang-xuat", "routes/ngon-ngu", "routes/ban-hang.san-pham.$id", "routes/gio-hang.them"]));
  });

  it("answer a body that is not a form with 415 and the error page in Vietnamese, logged as a warning", async () => {
    const bodies: Array<[string, HeadersInit, BodyInit]> = [
      ["no Content-Type", {}, new Uint8Array([97, 61, 49])],
      ["text/plain", { "Content-Type": "text/plain;charset=UTF-8" }, "a=1"],
      ["application/json", { "Content-Type": "application/json" }, '{"a":1}'],
    ];
    for (const route of formRoutes) {
      for (const [name, headers, body] of bodies) {
        const { lines, log } = recordingLog();
        const response = await handle(new Request(url(route), { method: "POST", headers, body }), log);
        const html = await response.text();
        const what = `${route.id} with ${name}`;
        expect({ what, status: response.status }).toEqual({ what, status: 415 });
        expect(html, what).toContain(MESSAGES.vi.unsupported);
        expect(html, what).toContain('<html lang="vi"');
        expect(lines.filter((l) => l.level === "error"), what).toEqual([]);
        expect(lines.some((l) => l.level === "warn"), what).toBe(true);
      }
    }
  });

  it("answer in English to a visitor who chose English (cookie) or whose browser asks for it", async () => {
    const cookie = (await localeCookie.serialize("en")).split(";")[0];
    for (const route of formRoutes) {
      for (const headers of [{ Cookie: cookie }, { "Accept-Language": "en-US,en;q=0.9" }] as Array<Record<string, string>>) {
        const { log } = recordingLog();
        const response = await handle(new Request(url(route), { method: "POST", headers: { ...headers, "Content-Type": "text/plain" }, body: "x" }), log);
        const html = await response.text();
        expect(response.status, route.id).toBe(415);
        expect(html, route.id).toContain(MESSAGES.en.unsupported);
        expect(html, route.id).toContain('<html lang="en"');
      }
    }
  });

  it("answer multipart without a boundary, or a broken one, with 400", async () => {
    for (const route of formRoutes) {
      for (const [type, body] of [
        ["multipart/form-data", "a=1"],
        ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nhel'],
      ]) {
        const { log } = recordingLog();
        const response = await handle(new Request(url(route), { method: "POST", headers: { "Content-Type": type }, body }), log);
        const html = await response.text();
        // A broken body is found only when read: a page for signed-in users sends a visitor to log in first.
        if (response.status === 302 && type.includes("boundary")) continue;
        // …and a one-time link's page looks its token up first: an unknown one is 404 whatever the body.
        if (response.status === 404 && type.includes("boundary") && route.id.includes("$token")) continue;
        expect({ what: `${route.id} with ${type}`, status: response.status }).toEqual({ what: `${route.id} with ${type}`, status: 400 });
        expect(html, route.id).toContain(MESSAGES.vi.malformed);
      }
    }
  });

  it("the data requests of enhanced forms get the same answer", async () => {
    const { log } = recordingLog();
    const response = await handle(new Request("http://localhost/dang-nhap?_data=routes%2Fdang-nhap", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" }), log);
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ messageKey: "common:errors.formBodyUnsupported" });
  });
});
