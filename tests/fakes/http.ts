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

export async function startJsonServer(
  handle: (req: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }) => { status: number; json: unknown },
): Promise<FakeServer> {
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
      const answer = handle({ method: req.method ?? "GET", path: url.pathname, headers: req.headers, body });
      res.writeHead(answer.status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(answer.json));
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
