// Job kinds used only by worker.test.ts, loaded into the real worker thread via handlerModules.
import { registerJobHandler } from "~/jobs/registry.server";

registerJobHandler("test.sum", async (job, ctx) => {
  const numbers = job.payload.numbers as number[];
  let sum = 0;
  for (const [i, n] of numbers.entries()) {
    sum += n;
    ctx.progress(i + 1, numbers.length);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { sum };
});

registerJobHandler("test.slow", async (job) => {
  await new Promise((resolve) => setTimeout(resolve, Number(job.payload.ms)));
  return { sleptMs: Number(job.payload.ms) };
});
