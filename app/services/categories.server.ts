import { asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, type Category } from "@db/schema";
import { preparedQuery } from "~/utils/prepared-queries.server";
import { NotFound } from "./errors";
import { keptWhileUnchanged, LIST_SCOPES } from "./page-versions.server";

export function listCategories({ db }: { db: Db }): Category[] {
  return db.select().from(categories).orderBy(asc(categories.position), asc(categories.name)).all();
}

/** The categories that take new threads, for the home page and the ask form: archived ones are left out. */
// Prepared once: the home page and every category page read these (issue 14).
export function listOpenCategories({ db }: { db: Db }): readonly Category[] {
  // Kept, as the first pages of threads are, until a write changes some list (frozen: shared).
  return keptWhileUnchanged({ db }, LIST_SCOPES, "openCategories", () =>
    preparedQuery(db, "openCategories", () =>
      db.select().from(categories).where(isNull(categories.archivedAt)).orderBy(asc(categories.position), asc(categories.name)).prepare(),
    ).all(),
  );
}

export function getCategoryBySlug({ db }: { db: Db }, slug: string): Category {
  const category = preparedQuery(db, "categoryBySlug", () =>
    db.select().from(categories).where(eq(categories.slug, sql.placeholder("slug"))).prepare(),
  ).get({ slug });
  if (!category) throw new NotFound("No such category");
  return category;
}
