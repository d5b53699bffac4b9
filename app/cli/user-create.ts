// npm run user:create -- --role admin --email a@b.c --handle ada --name "Ada" --password "…"
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { ROLES } from "@db/schema";
import { Invalid } from "~/services/errors";
import { createUser } from "~/services/users.server";
import { systemClock } from "~/utils/clock";
import { loadEnv } from "~/utils/env.server";

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "member" },
    email: { type: "string" },
    handle: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
  },
});

const role = z.enum(ROLES).safeParse(values.role);
if (!role.success) {
  console.error(`--role must be one of: ${ROLES.join(", ")}`);
  process.exit(2);
}

const db = openDatabase(loadEnv().DATABASE_PATH);
migrateDatabase(db);
try {
  const user = await createUser(
    { db, clock: systemClock },
    {
      email: values.email ?? "",
      handle: values.handle ?? "",
      displayName: values.name ?? values.handle ?? "",
      password: values.password ?? "",
      role: role.data,
    },
  );
  console.log(`Created ${user.role} @${user.handle} <${user.email}>`);
} catch (error) {
  if (!(error instanceof Invalid)) throw error;
  for (const [field, message] of Object.entries(error.fields)) console.error(`--${field}: ${message}`);
  process.exitCode = 2;
} finally {
  db.$client.close();
}
