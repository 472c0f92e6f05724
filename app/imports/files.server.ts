import { createHash } from "node:crypto";
import fs from "node:fs";
import { AppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function fileDigest(filePath: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(filePath) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    logger().warn({ err: error, filePath }, "import file unreadable");
    throw new AppError("imports:errors.unreadable", 422);
  }
  return { sha256: hash.digest("hex"), bytes };
}
