/**
 * What the provider fakes share: a JSON HTTP server on a free 127.0.0.1 port, switchable to answer
 * 5xx or to hang (no answer, so the adapter's timeout fires), and a way to send the provider's
 * callbacks either over HTTP (to a running app) or straight into a route handler (unit tests).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeMode = "ok" | "5xx" | "hang";

/** Delivers a callback Request: over the network by default, or to a route handler in tests. */
export type CallbackSender = (request: Request) => Promise<Response>;

export interface FakeServer {
  url: string;
  /** what the next requests meet: queued modes first (one per request), then `mode` */
  mode: FakeMode;
  queue(...modes: FakeMode[]): void;
  close(): Promise<void>;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}
export interface FakeAnswer {
  status: number;
  json: unknown;
}

export async function startJsonServer(handle: (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeServer> {
  const queued: FakeMode[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const mode = queued.shift() ?? fake.mode;
      if (mode === "hang") return; // never answers; closed with the server
      if (mode === "5xx") {
        res.writeHead(502, { "Content-Type": "text/html" }).end("<html><body>502 Bad Gateway</body></html>");
        return;
      }
      const url = new URL(req.url ?? "/", "http://fake");
      // An answer may come later (a provider's slow endpoint); a closed server drops it.
      void Promise.resolve(handle({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body })).then((answer) => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(answer.json));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: FakeServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: "ok",
    queue: (...modes) => queued.push(...modes),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

export const sendOverHttp: CallbackSender = (request) => fetch(request);

/** Resolves after ms (a fake's configured delay, a carrier's retry interval). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a callback the way a carrier does: again after intervalMs while the answer is not HTTP 200,
 * up to maxAttempts times. Returns every status seen, in order.
 */
export async function sendWithRetries(
  send: CallbackSender,
  build: () => Request,
  options: { maxAttempts: number; intervalMs: number },
): Promise<{ statuses: number[]; delivered: boolean }> {
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    let status: number;
    try {
      status = (await send(build())).status;
    } catch {
      status = 0; // unreachable: a network failure counts as a failed attempt
    }
    statuses.push(status);
    if (status === 200) return { statuses, delivered: true };
    if (attempt < options.maxAttempts) await sleep(options.intervalMs);
  }
  return { statuses, delivered: false };
}
