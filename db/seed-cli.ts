// `npm run db:seed`: load the demo into the configured database if it is empty.
import { loadEnv } from "~/utils/env.server";
import { systemClock } from "~/utils/clock";
import { migrateDatabase, openDatabase } from "./client.server";
import { seedIfEmpty } from "./seed";

const db = openDatabase(loadEnv().DATABASE_PATH);
migrateDatabase(db);
const result = await seedIfEmpty({ db, clock: systemClock });
console.log(result ? "Demo community loaded." : "The database already has members; nothing loaded.");
db.$client.close();
