import { loadEnv } from "~/utils/env.server";
import { migrateDatabase, openDatabase } from "./client.server";

const env = loadEnv();
const db = openDatabase(env.DATABASE_PATH);
migrateDatabase(db);
db.$client.close();
console.log(`Migrations applied to ${env.DATABASE_PATH}`);
