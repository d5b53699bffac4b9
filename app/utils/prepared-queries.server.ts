import { sql, type Placeholder } from "drizzle-orm";
import type { Db } from "@db/client.server";

/**
 * Queries prepared once per database handle and kept: drizzle builds a query's SQL and SQLite
 * compiles it on every call otherwise, which on a signed-in page cost more than running them
 * (issue 14). `key` names the query's shape; it must take a bounded number of values (a list of
 * ids goes by its length, which a page bounds). A transaction's handle gets its own.
 */
const preparedByDb = new WeakMap<Db, Map<string, unknown>>();

export function preparedQuery<Query>(db: Db, key: string, prepare: () => Query): Query {
  let queries = preparedByDb.get(db);
  if (!queries) preparedByDb.set(db, (queries = new Map()));
  let query = queries.get(key) as Query | undefined;
  if (query === undefined) queries.set(key, (query = prepare()));
  return query;
}

/** `count` placeholders for a list of values, named `${name}0`, `${name}1`, … */
export function listPlaceholders(name: string, count: number): Placeholder[] {
  return Array.from({ length: count }, (_, index) => sql.placeholder(`${name}${index}`));
}

/** The values for listPlaceholders(name, values.length). */
export function listValues<Value>(name: string, values: readonly Value[]): Record<string, Value> {
  return Object.fromEntries(values.map((value, index) => [`${name}${index}`, value]));
}
