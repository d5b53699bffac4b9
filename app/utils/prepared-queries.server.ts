import { sql, type Placeholder } from "drizzle-orm";
import { connectionOf, type Db } from "@db/client.server";

/**
 * Queries prepared once per connection and kept: drizzle builds a query's SQL and SQLite
 * compiles it on every call otherwise, which on a signed-in page cost more than running them
 * (issue 14). `key` names the query's shape; it must take a bounded number of values (a list of
 * ids goes by its length, which a page bounds).
 *
 * Kept by the handle's session, which a transaction's handle shares with the database it was
 * opened on (drizzle makes a new handle for every transaction, over the same connection): a query
 * prepared inside one write is reused by the next, and by reads outside any (posting an answer
 * built ~20 queries afresh inside its transaction, holding the write lock meanwhile).
 */
const preparedByConnection = new WeakMap<object, Map<string, unknown>>();

export function preparedQuery<Query>(db: Db, key: string, prepare: () => Query): Query {
  const connection = connectionOf(db);
  let queries = preparedByConnection.get(connection);
  if (!queries) preparedByConnection.set(connection, (queries = new Map()));
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

/**
 * A placeholder as a value of an UPDATE's `.set()`. Drizzle encodes it as it does the column's own
 * values (a Date as its milliseconds, a boolean as 0 or 1: it wraps every value there in a Param
 * of the column, placeholders included), but its types take no placeholder there.
 */
export function setPlaceholder<Value>(name: string): Value {
  return sql.placeholder(name) as unknown as Value;
}
