import fs from "node:fs";
import path from "node:path";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { AppError } from "~/lib/errors";
import { phoneDigitForms } from "~/lib/phone";

const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing cannot be used to tie up the server. */
const PASSWORD_MAX_LENGTH = 128;

// OWASP's argon2id baseline (19 MiB, 2 passes): ~30 ms here, affordable on a 2-core server.
// Algorithm is a const enum, which isolated modules cannot read: 2 is Algorithm.Argon2id.
const ARGON2ID = 2 as Algorithm;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const globalForPasswords = globalThis as unknown as { __commonPasswords?: Set<string> };

/** The shipped list of common passwords, read once per process. */
export function commonPasswords(): Set<string> {
  if (!globalForPasswords.__commonPasswords) {
    const file = path.resolve(process.cwd(), "app/accounts/common-passwords.txt");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    globalForPasswords.__commonPasswords = new Set(
      lines.map((l) => l.trim().toLowerCase()).filter((l) => l !== "" && !l.startsWith("#")),
    );
  }
  return globalForPasswords.__commonPasswords;
}

/**
 * The password rules, as an AppError on the given field: long enough, not on the common list,
 * and not the user's own phone number in any of its written forms.
 */
export function assertPasswordAllowed(password: string, phoneE164?: string, field = "password") {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError("accounts:errors.passwordTooShort", 400, { min: PASSWORD_MIN_LENGTH }, field);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError("accounts:errors.passwordTooLong", 400, { max: PASSWORD_MAX_LENGTH }, field);
  }
  if (commonPasswords().has(password.trim().toLowerCase())) {
    throw new AppError("accounts:errors.passwordCommon", 400, {}, field);
  }
  if (phoneE164) {
    const compact = password.replace(/[\s.\-()]/g, "");
    if (phoneDigitForms(phoneE164).includes(compact)) {
      throw new AppError("accounts:errors.passwordIsPhone", 400, {}, field);
    }
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash || password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never logs anyone in
  }
}

// A real hash to verify against when the phone is unknown, so the response time does not reveal
// which phones have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-just-timing");
  await verifyPassword(await dummyHash, password);
}
