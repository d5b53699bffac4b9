import { asc, count, eq } from "drizzle-orm";
import { transaction, type Db } from "@db/client.server";
import { categories, threads, type Category } from "@db/schema";
import { can, type Actor } from "~/auth/permissions";
import { CategoryFieldsSchema, type CategoryFields } from "~/schemas/categories.server";
import type { Clock } from "~/utils/clock";
import { fieldErrors } from "~/utils/forms";
import { slugify } from "~/utils/slug";
import { recordAudit } from "./audit-log.server";
import { Conflict, Forbidden, Invalid, NotFound } from "./errors";

interface Deps {
  db: Db;
  clock: Clock;
}

const DUPLICATE_NAME = "Another category already has this name";

function requireAdmin(actor: Actor) {
  if (!can(actor, "editSettings")) throw new Forbidden("Only admins can change categories.");
}

function parseFields(input: Record<string, unknown>): CategoryFields {
  const parsed = CategoryFieldsSchema.safeParse(input);
  if (!parsed.success) throw new Invalid(fieldErrors(parsed.error));
  return parsed.data;
}

/** Names compare without case, accents written two ways, or doubled spaces ("Billing" = "billing "). */
function nameKey(name: string): string {
  return name.normalize("NFKC").toLocaleLowerCase("und").replace(/\s+/g, " ").trim();
}

// Checked here rather than by a unique index: databases from before this rule may already hold two
// categories whose names differ only in case, and they must keep working until an admin renames one.
function refuseDuplicateName(tx: Db, name: string, exceptId?: number) {
  const key = nameKey(name);
  const clash = tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .all()
    .find((row) => row.id !== exceptId && nameKey(row.name) === key);
  if (clash) throw new Invalid({ name: DUPLICATE_NAME });
}

function freeSlug(tx: Db, name: string): string {
  const base = slugify(name).replace(/^thread$/, "category");
  const taken = new Set(tx.select({ slug: categories.slug }).from(categories).all().map((row) => row.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
  return slug;
}

function loadCategory(tx: Db, id: number): Category {
  const category = tx.select().from(categories).where(eq(categories.id, id)).get();
  if (!category) throw new NotFound("No such category");
  return category;
}

/** Every category in display order, archived ones included, with how many threads each really holds. */
export function listCategoriesForAdmin({ db }: { db: Db }) {
  const counts = new Map(
    db
      .select({ categoryId: threads.categoryId, n: count() })
      .from(threads)
      .groupBy(threads.categoryId)
      .all()
      .map((row) => [row.categoryId, row.n]),
  );
  return db
    .select()
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.id))
    .all()
    .map((category) => ({ ...category, threads: counts.get(category.id) ?? 0 }));
}

/** Creates a category at the end of the list (admins only); its address comes from its name and never changes. */
export function createCategory(deps: Deps, actor: Actor, input: Record<string, unknown>): Category {
  requireAdmin(actor);
  const fields = parseFields(input);
  return transaction(deps.db, (tx) => {
    refuseDuplicateName(tx, fields.name);
    const last = tx.select({ position: categories.position }).from(categories).orderBy(asc(categories.position)).all().at(-1);
    const category = tx
      .insert(categories)
      .values({ ...fields, slug: freeSlug(tx, fields.name), position: (last?.position ?? -1) + 1, createdAt: deps.clock.now() })
      .returning()
      .get();
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "category.create", details: { categoryId: category.id, name: category.name } });
    return category;
  });
}

/** Renames, describes or recolours a category (admins only). Its slug stays, so its address and feeds keep working. */
export function updateCategory(deps: Deps, actor: Actor, categoryId: number, input: Record<string, unknown>): void {
  requireAdmin(actor);
  const fields = parseFields(input);
  transaction(deps.db, (tx) => {
    const before = loadCategory(tx, categoryId);
    refuseDuplicateName(tx, fields.name, categoryId);
    tx.update(categories).set(fields).where(eq(categories.id, categoryId)).run();
    const changed = (Object.keys(fields) as (keyof CategoryFields)[]).filter((key) => before[key] !== fields[key]);
    if (changed.length) recordAudit(tx, deps.clock, { actorId: actor.id, action: "category.update", details: { categoryId, changed, from: before.name, to: fields.name } });
  });
}

/**
 * Moves a category one place up or down in the list. Positions are rewritten as 0…n-1, since
 * older databases may hold several categories at the same position.
 */
export function moveCategory(deps: Deps, actor: Actor, categoryId: number, direction: "up" | "down"): void {
  requireAdmin(actor);
  transaction(deps.db, (tx) => {
    const ordered = tx.select({ id: categories.id }).from(categories).orderBy(asc(categories.position), asc(categories.id)).all();
    const index = ordered.findIndex((row) => row.id === categoryId);
    if (index < 0) throw new NotFound("No such category");
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= ordered.length) return;
    [ordered[index], ordered[target]] = [ordered[target]!, ordered[index]!];
    ordered.forEach((row, position) => tx.update(categories).set({ position }).where(eq(categories.id, row.id)).run());
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "category.move", details: { categoryId, direction } });
  });
}

/**
 * Archives a category (no new threads, off the home page and the ask form; its threads stay
 * readable) or brings it back.
 */
export function setCategoryArchived(deps: Deps, actor: Actor, categoryId: number, archived: boolean): void {
  requireAdmin(actor);
  transaction(deps.db, (tx) => {
    const category = loadCategory(tx, categoryId);
    if (!!category.archivedAt === archived) return;
    tx.update(categories)
      .set({ archivedAt: archived ? deps.clock.now() : null })
      .where(eq(categories.id, categoryId))
      .run();
    recordAudit(tx, deps.clock, { actorId: actor.id, action: archived ? "category.archive" : "category.unarchive", details: { categoryId, name: category.name } });
  });
}

/** Deletes an empty category; one that holds any thread (hidden ones too) can only be archived. */
export function deleteCategory(deps: Deps, actor: Actor, categoryId: number): void {
  requireAdmin(actor);
  transaction(deps.db, (tx) => {
    const category = loadCategory(tx, categoryId);
    const held = tx.select({ n: count() }).from(threads).where(eq(threads.categoryId, categoryId)).get()?.n ?? 0;
    if (held > 0) throw new Conflict(`“${category.name}” holds ${held} thread${held === 1 ? "" : "s"}, so it cannot be deleted; archive it instead.`);
    tx.delete(categories).where(eq(categories.id, categoryId)).run();
    recordAudit(tx, deps.clock, { actorId: actor.id, action: "category.delete", details: { categoryId, name: category.name, slug: category.slug } });
  });
}
