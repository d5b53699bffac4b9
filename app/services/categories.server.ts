import { asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { categories, type Category } from "@db/schema";
import { NotFound } from "./errors";

export function listCategories({ db }: { db: Db }): Category[] {
  return db.select().from(categories).orderBy(asc(categories.position), asc(categories.name)).all();
}

/** The categories that take new threads, for the home page and the ask form: archived ones are left out. */
export function listOpenCategories({ db }: { db: Db }): Category[] {
  return db.select().from(categories).where(isNull(categories.archivedAt)).orderBy(asc(categories.position), asc(categories.name)).all();
}

export function getCategoryBySlug({ db }: { db: Db }, slug: string): Category {
  const category = db.select().from(categories).where(eq(categories.slug, slug)).get();
  if (!category) throw new NotFound("No such category");
  return category;
}
