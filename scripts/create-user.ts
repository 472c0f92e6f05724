/**
 * Creates an administrator or an extension officer (the only way to make staff accounts).
 *
 *   npm run create-user -- --role officer --phone 0912345678 --name "Nguyễn Văn A" \
 *     --area 82 --area former-district:819 --area commune:28249 [--password …] [--locale vi|en]
 *
 * Areas: a province code (`82` or `province:82`), a current commune (`commune:28249`), or a
 * district of the 2025 set (`former-district:819`, stored as the current communes it became).
 * Without --password: asks for one when run in a terminal, otherwise generates one and prints it.
 */
import readline from "node:readline";
import { parseArgs } from "node:util";
import { createStaffUser, generatePassword, parseAreaArg } from "~/accounts/staff.server";
import { i18nServer } from "~/i18n/i18n.server";
import { closeDb, db, migrateDatabase } from "~/lib/db.server";
import { env, EnvError } from "~/lib/env.server";
import { isAppError } from "~/lib/errors";
import { formatPhone } from "~/lib/phone";

const usage =
  "usage: tsx scripts/create-user.ts --role admin|officer --phone PHONE --name NAME [--password PASSWORD] [--locale vi|en] [--area CODE]...";

/** Reads a line without echoing it (the password must not stay on screen or in scrollback). */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) process.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    asked = true;
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      phone: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      locale: { type: "string", default: "vi" },
      area: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help || !values.role || !values.phone || !values.name) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  if (values.role !== "admin" && values.role !== "officer") {
    console.error(`--role must be admin or officer\n${usage}`);
    process.exit(2);
  }
  const locale = values.locale === "en" ? "en" : "vi";
  env(); // a bad configuration stops here with the variable named
  const database = db();
  migrateDatabase(database);

  let password = values.password;
  let generated = false;
  if (!password) {
    if (process.stdin.isTTY) {
      password = await askHidden("Password (at least 8 characters): ");
      const again = await askHidden("Repeat the password: ");
      if (password !== again) {
        console.error("The passwords do not match.");
        process.exit(1);
      }
    } else {
      password = generatePassword();
      generated = true;
    }
  }

  const areas = (values.area ?? []).map(parseAreaArg);
  const { user, areas: assigned } = await createStaffUser(database, {
    phone: values.phone,
    name: values.name,
    password,
    role: values.role,
    locale,
    areas,
  });
  console.log(`Created ${user.role} #${user.id}: ${user.name}, ${formatPhone(user.phone)}`);
  for (const area of assigned) console.log(`  area: ${area.level} ${area.code} ${area.name} (${area.provinceName})`);
  if (generated) console.log(`Password (shown once, give it to the user): ${password}`);
  closeDb();
}

main().catch(async (error) => {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(78);
  }
  if (isAppError(error)) {
    // Same messages as the web pages, in English for the console.
    const t = (await i18nServer.getFixedT("en")) as unknown as (key: string, params?: object) => string;
    console.error(`${t(error.messageKey, error.params)}${error.field ? ` (--${error.field})` : ""}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
