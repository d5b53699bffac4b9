import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { categories, moderationLog, threads, type User } from "@db/schema";
import { listOpenCategories } from "~/services/categories.server";
import {
  createCategory,
  deleteCategory,
  listCategoriesForAdmin,
  moveCategory,
  setCategoryArchived,
  updateCategory,
} from "~/services/category-admin.server";
import { Conflict, Forbidden, Invalid } from "~/services/errors";
import { updateCategoryEscalation } from "~/services/escalation-settings.server";
import { getThreadPage } from "~/services/thread-page.server";
import { makeUser } from "../factories";
import { ask } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

const fieldsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof Invalid) return error.fields;
    throw error;
  }
  throw new Error("expected Invalid");
};

describe("admins manage categories", () => {
  let deps: TestDeps;
  let admin: User;
  beforeEach(async () => {
    deps = createTestDeps();
    admin = await makeUser(deps, { role: "admin" });
  });
  afterEach(() => deps.db.$client.close());

  const names = () => listCategoriesForAdmin(deps).map((c) => c.name);
  const auditActions = () => deps.db.select().from(moderationLog).all().map((entry) => entry.action);

  it("only an admin can create, edit, order, archive or delete a category", async () => {
    const billing = createCategory(deps, admin, { name: "Billing" });
    for (const role of ["member", "staff", "moderator"] as const) {
      const someone = await makeUser(deps, { role });
      expect(() => createCategory(deps, someone, { name: "Roaming" })).toThrow(Forbidden);
      expect(() => updateCategory(deps, someone, billing.id, { name: "Bills" })).toThrow(Forbidden);
      expect(() => moveCategory(deps, someone, billing.id, "down")).toThrow(Forbidden);
      expect(() => setCategoryArchived(deps, someone, billing.id, true)).toThrow(Forbidden);
      expect(() => deleteCategory(deps, someone, billing.id)).toThrow(Forbidden);
    }
    expect(names()).toEqual(["Billing"]);
  });

  it("a new category goes to the end of the list with a slug from its name, its colour and description kept, and is audited", () => {
    createCategory(deps, admin, { name: "Billing" });
    const roaming = createCategory(deps, admin, { name: "  Roaming   abroad ", description: "Using your phone in other countries", color: "#AA3300" });
    expect(roaming).toMatchObject({ name: "Roaming abroad", slug: "roaming-abroad", description: "Using your phone in other countries", color: "#aa3300" });
    expect(names()).toEqual(["Billing", "Roaming abroad"]);
    expect(auditActions()).toEqual(["category.create", "category.create"]);
  });

  it("a name that duplicates another in any case is refused next to the name field, on create and on rename, and nothing changes", () => {
    createCategory(deps, admin, { name: "Billing" });
    const roaming = createCategory(deps, admin, { name: "Roaming" });
    expect(fieldsOf(() => createCategory(deps, admin, { name: "BILLING" }))).toEqual({ name: "Another category already has this name" });
    expect(fieldsOf(() => createCategory(deps, admin, { name: " billing " }))).toEqual({ name: "Another category already has this name" });
    expect(fieldsOf(() => updateCategory(deps, admin, roaming.id, { name: "billing" }))).toEqual({ name: "Another category already has this name" });
    expect(names()).toEqual(["Billing", "Roaming"]);
    expect(auditActions()).toEqual(["category.create", "category.create"]);
    // Renaming a category to another case of its own name is no clash.
    updateCategory(deps, admin, roaming.id, { name: "ROAMING" });
    expect(names()).toEqual(["Billing", "ROAMING"]);
  });

  it("bad fields are refused with a message for each, and nothing is written", () => {
    expect(fieldsOf(() => createCategory(deps, admin, { name: "", color: "blue" }))).toEqual({
      name: "Give the category a name",
      color: "Use a colour like #0a66c2, or leave it blank",
    });
    expect(fieldsOf(() => createCategory(deps, admin, { name: "x".repeat(61) }))).toHaveProperty("name");
    expect(names()).toEqual([]);
  });

  it("renaming keeps the slug, so the category's address and feed keep working", () => {
    const billing = createCategory(deps, admin, { name: "Billing" });
    updateCategory(deps, admin, billing.id, { name: "Bills and payments", description: "Invoices", color: "" });
    expect(deps.db.select().from(categories).where(eq(categories.id, billing.id)).get()).toMatchObject({ name: "Bills and payments", slug: "billing", description: "Invoices", color: null });
    expect(auditActions()).toEqual(["category.create", "category.update"]);
  });

  it("moves a category up or down one place, renumbering positions that older databases may share", () => {
    const [a, b, c] = ["A", "B", "C"].map((name) => createCategory(deps, admin, { name }));
    deps.db.update(categories).set({ position: 0 }).run();
    moveCategory(deps, admin, c!.id, "up");
    expect(names()).toEqual(["A", "C", "B"]);
    moveCategory(deps, admin, a!.id, "down");
    expect(names()).toEqual(["C", "A", "B"]);
    moveCategory(deps, admin, c!.id, "up");
    expect(names()).toEqual(["C", "A", "B"]);
    expect(b).toBeDefined();
  });

  it("an archived category leaves the home list and the ask form and takes no new thread; its threads stay readable; restoring brings it back", async () => {
    const member = await makeUser(deps);
    const billing = createCategory(deps, admin, { name: "Billing" });
    createCategory(deps, admin, { name: "Roaming" });
    const thread = ask(deps, member, billing);
    setCategoryArchived(deps, admin, billing.id, true);
    expect(listOpenCategories(deps).map((c) => c.name)).toEqual(["Roaming"]);
    expect(fieldsOf(() => ask(deps, member, billing, { title: "Another question about bills" }))).toEqual({
      category: "This category is archived and takes no new threads; pick another",
    });
    expect(getThreadPage(deps, thread.id, null).thread.title).toBe("How do I reset my router?");
    setCategoryArchived(deps, admin, billing.id, false);
    expect(listOpenCategories(deps).map((c) => c.name)).toEqual(["Billing", "Roaming"]);
    expect(auditActions()).toEqual(["category.create", "category.create", "category.archive", "category.unarchive"]);
  });

  it("a category with threads cannot be deleted, hidden threads included, only archived; an empty one can be", async () => {
    const member = await makeUser(deps);
    const billing = createCategory(deps, admin, { name: "Billing" });
    const empty = createCategory(deps, admin, { name: "Empty" });
    const thread = ask(deps, member, billing);
    deps.db.update(threads).set({ hidden: true }).where(eq(threads.id, thread.id)).run();
    expect(() => deleteCategory(deps, admin, billing.id)).toThrow(Conflict);
    expect(() => deleteCategory(deps, admin, billing.id)).toThrow("“Billing” holds 1 thread, so it cannot be deleted; archive it instead.");
    deleteCategory(deps, admin, empty.id);
    expect(names()).toEqual(["Billing"]);
    expect(auditActions()).toEqual(["category.create", "category.create", "category.delete"]);
  });

  it("an archived category's escalation window stays editable", () => {
    const billing = createCategory(deps, admin, { name: "Billing" });
    setCategoryArchived(deps, admin, billing.id, true);
    updateCategoryEscalation(deps, admin, { categoryId: billing.id, minutes: 15, enabled: true, clock: "calendar" });
    expect(listCategoriesForAdmin(deps)[0]).toMatchObject({ escalateAfterMinutes: 15, threads: 0 });
    expect(listCategoriesForAdmin(deps)[0]!.archivedAt).not.toBeNull();
  });
});
