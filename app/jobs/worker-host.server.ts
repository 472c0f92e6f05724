// Contract for the background worker (implemented in this change by the jobs module).
export function startWorker() {
  return { stop: async () => {} };
}
