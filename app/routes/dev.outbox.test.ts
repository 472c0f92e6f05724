import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { enqueueJob } from "~/jobs/queue.server";
import { resetEnvForTests } from "~/lib/env.server";
import { enqueueMessage } from "~/notifications/outbox.server";
import { loader as jobsLoader } from "./dev.jobs";
import { loader as outboxLoader } from "./dev.outbox";

const db = freshTestDb();
afterAll(() => db.cleanup());
afterEach(() => {
  delete process.env.DEV_ROUTES;
  resetEnvForTests();
});

const args = (url: string, headers: Record<string, string> = {}) =>
  ({ request: new Request(url, { headers }), params: {}, context: {} }) as unknown as Parameters<typeof outboxLoader>[0];

function withDevRoutes(value: "true" | "false") {
  process.env.DEV_ROUTES = value;
  resetEnvForTests();
}

describe("/dev/outbox and /dev/jobs", () => {
  it("answer 404 when DEV_ROUTES is off", async () => {
    withDevRoutes("false");
    for (const loader of [outboxLoader, jobsLoader]) {
      const thrown = await loader(args("http://localhost/dev/outbox")).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
      expect(await (thrown as Response).json()).toEqual({ messageKey: "common:errors.notFoundText" });
    }
  });

  it("list the latest outbox messages, newest first, with times in the reader's language", async () => {
    withDevRoutes("true");
    for (let i = 0; i < 105; i++) {
      enqueueMessage(db, { channel: "sms", recipient: `+8490${String(i).padStart(7, "0")}`, template: "otp.signup", locale: "vi", payload: { code: String(i), minutes: 10 } });
    }
    const response = await outboxLoader(args("http://localhost/dev/outbox", { "Accept-Language": "vi" }));
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const data = await response.json();
    expect(data.title).toBe("Hộp thư đi");
    expect(data.messages).toHaveLength(100);
    expect(data.messages[0]).toMatchObject({ recipient: "+84900000104", template: "otp.signup", status: "pending", channel: "sms" });
    expect(data.messages[0].body).toContain("104");
    expect(data.messages[0].time).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
  });

  it("list jobs with progress and attempts", async () => {
    withDevRoutes("true");
    enqueueJob(db, "imports.households", { batchId: 1 }, { maxAttempts: 4 });
    const data = await (await jobsLoader(args("http://localhost/dev/jobs", { "Accept-Language": "en" }))).json();
    expect(data.title).toBe("Background jobs");
    expect(data.jobs[0]).toMatchObject({ kind: "imports.households", status: "queued", progress: "0", attempts: "0/4" });
  });
});
