/**
 * One autocannon run in its own process, for benchmarks that must tell the load generator's CPU from
 * the server's: `tsx bench/load-process.ts URL CONNECTIONS SECONDS` prints one JSON line with the
 * figures of loadTest and loadCores (this process's CPU time over the run's wall time).
 */
import { loadTest, round } from "./support";

const [url, connections, seconds] = process.argv.slice(2);
const cpu = process.cpuUsage();
const started = performance.now();
const result = await loadTest(url, { connections: Number(connections), durationS: Number(seconds) });
const used = process.cpuUsage(cpu);
const loadCores = round((used.user + used.system) / 1000 / (performance.now() - started), 2);
console.log(JSON.stringify({ ...result, loadCores }));
