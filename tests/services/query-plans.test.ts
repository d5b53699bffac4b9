// The reads a large community serves most (guest lists, the widget, feeds, profiles, the staff
// queue and its figures, the sweep) must be answered through indexes. The database holds a grown
// community's shape (20,000 threads: most solved, a few waiting or escalated, almost none hidden)
// with the planner statistics the server keeps (refreshPlannerStatistics). Each read runs on a
// connection that records the SQL it executes; every statement is then explained, and a full
// scan of a table that grows with the community, or a sort of all its rows, fails the test.
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshPlannerStatistics, type Db } from "@db/client.server";
import * as schema from "@db/schema";
import { buildSearchDocuments } from "@search/document";
import { countIndexTargets } from "@search/sync.server";
import { selectDueThreads } from "~/services/escalation-sweep.server";
import { listFeedEntries, listSitemapThreads } from "~/services/feeds.server";
import { listAuditLog } from "~/services/audit-log.server";
import { countOpenFlags, listFlagQueue } from "~/services/moderation-queue.server";
import { countUnread, listNotifications } from "~/services/notifications.server";
import { getProfile } from "~/services/profiles.server";
import { REPEAT_WINDOW_MS, refuseRepeatedReply, refuseRepeatedThread } from "~/services/repeated-posts.server";
import { getServiceLevels } from "~/services/service-levels.server";
import { listStaffQueue } from "~/services/staff-queue.server";
import { listThreads } from "~/services/thread-lists.server";
import { listPopularSolved } from "~/services/widget.server";
import { createTestDeps, type TestDeps } from "../setup/deps";
import { makeUser } from "../factories";

const GROWING_TABLES = ["threads", "posts", "votes", "me_too", "follows", "notifications", "users", "jobs", "post_revisions", "flags", "moderation_log"];

interface Traced {
  db: Db;
  /** Runs `read` and returns the query plan lines of every statement it executed. */
  plansOf(read: (db: Db) => unknown): string[];
  close(): void;
}

function traceDatabase(file: string): Traced {
  let statements: string[] = [];
  const sqlite = new Database(file, { verbose: (sql) => statements.push(String(sql)) });
  const db = drizzle(sqlite, { schema }) as Db;
  return {
    db,
    plansOf(read) {
      statements = [];
      read(db);
      const executed = statements;
      statements = [];
      return executed.flatMap((sql) =>
        (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail),
      );
    },
    close: () => sqlite.close(),
  };
}

function fullScans(plan: string[]): string[] {
  return plan.filter((line) => GROWING_TABLES.some((table) => new RegExp(`^SCAN ${table}( AS \\w+)?$`).test(line)));
}

const THREADS = 20_000;
const MEMBERS = 500;
const HOUR = 3_600_000;

/** A year of a busy community, written directly for speed, shaped like the escalation bench. */
function growCommunity(deps: TestDeps, askerId: string, staffId: string, categoryIds: number[]) {
  const sqlite = deps.db.$client;
  const now = deps.clock.now().getTime();
  const insertUser = sqlite.prepare(
    "INSERT INTO users (id, email, handle, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'x', 'member', ?)",
  );
  const members = Array.from({ length: MEMBERS }, (_, n) => `member-${n}`);
  sqlite.transaction(() => {
    for (const id of members) insertUser.run(id, `${id}@plans.test`, id.replace("-", "_"), id, now);
  })();
  // The asker of the profile and notification reads is one ordinary member among many.
  const authorOf = (i: number) => (i % MEMBERS === 0 ? askerId : members[i % MEMBERS]!);
  const insertThread = sqlite.prepare(
    `INSERT INTO threads (category_id, author_id, kind, title, slug, status, accepted_post_id, first_response_at,
       first_response_by_staff, escalation_due_at, escalated_at, escalation_resolved_at, hidden, vote_count,
       reply_count, last_activity_at, created_at)
     VALUES (?, ?, ?, ?, 'thread', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPost = sqlite.prepare(
    "INSERT INTO posts (thread_id, author_id, position, body_md, body_html, author_role, created_at) VALUES (?, ?, ?, 'x', '<p>x</p>', ?, ?)",
  );
  const acceptAnswer = sqlite.prepare("UPDATE threads SET accepted_post_id = ?, solved_at = ? WHERE id = ?");
  // A year of moderation: most flags long reviewed, a handful open, an audit entry per review.
  const insertFlag = sqlite.prepare(
    "INSERT INTO flags (post_id, user_id, reason, created_at, reviewed_at, reviewed_by, resolution) VALUES (?, ?, 'spam', ?, ?, ?, ?)",
  );
  const insertAudit = sqlite.prepare("INSERT INTO moderation_log (actor_id, action, thread_id, post_id, created_at) VALUES (?, 'flags.agreed', ?, ?, ?)");
  const insertNotification = sqlite.prepare(
    "INSERT INTO notifications (user_id, kind, thread_id, created_at) VALUES (?, 'answer', ?, ?)",
  );
  sqlite.transaction(() => {
    for (let i = 0; i < THREADS; i++) {
      const created = now - 365 * 24 * HOUR + Math.floor((i / THREADS) * 365 * 24 * HOUR);
      const category = categoryIds[i % categoryIds.length]!;
      const kind = i % 10 === 0 ? "idea" : "question";
      const roll = i % 200;
      const hidden = i % 1000 === 7 ? 1 : 0;
      let id: number;
      if (roll === 0) {
        id = Number(insertThread.run(category, authorOf(i), kind, `Waiting ${i}`, "open", null, null, 0, created + HOUR, null, null, hidden, 0, 0, created, created).lastInsertRowid);
      } else if (roll < 10) {
        id = Number(insertThread.run(category, authorOf(i), kind, `Escalated ${i}`, "answered", null, created + 2 * HOUR, 1, created + HOUR, created + HOUR, created + 2 * HOUR, hidden, 1, 1, created + 2 * HOUR, created).lastInsertRowid);
      } else {
        id = Number(insertThread.run(category, authorOf(i), kind, `Solved ${i}`, "solved", null, created + 600_000, 0, created + HOUR, null, null, hidden, i % 7, 1, created + 600_000, created).lastInsertRowid);
      }
      insertPost.run(id, authorOf(i), 1, "member", created);
      insertNotification.run(authorOf(i), id, created);
      if (roll === 0) continue;
      const answerId = insertPost.run(id, roll < 10 ? staffId : authorOf(i + 1), 2, roll < 10 ? "staff" : "member", created + 600_000).lastInsertRowid;
      if (i % 20 === 3) {
        const open = i > THREADS - 200;
        insertFlag.run(answerId, members[(i + 7) % MEMBERS], created + HOUR, open ? null : created + 2 * HOUR, open ? null : staffId, open ? null : "agreed");
        if (!open) insertAudit.run(staffId, id, answerId, created + 2 * HOUR);
      }
      if (roll >= 10) acceptAnswer.run(answerId, created + 900_000, id);
    }
  })();
  refreshPlannerStatistics(deps.db, { allTables: true });
}

describe("hot reads on a grown community use indexes", () => {
  let deps: TestDeps;
  let traced: Traced;
  let categoryId: number;
  let asker: Awaited<ReturnType<typeof makeUser>>;
  let staff: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    deps = createTestDeps();
    asker = await makeUser(deps);
    staff = await makeUser(deps, { role: "staff" });
    const categoryIds = [1, 2, 3, 4, 5].map(
      (n) => Number(deps.db.$client.prepare("INSERT INTO categories (slug, name, created_at) VALUES (?, ?, ?)").run(`plans-${n}`, `Plans ${n}`, deps.clock.now().getTime()).lastInsertRowid),
    );
    categoryId = categoryIds[0]!;
    growCommunity(deps, asker.id, staff.id, categoryIds);
    traced = traceDatabase(deps.file);
  });
  afterAll(() => {
    traced.close();
    deps.db.$client.close();
  });

  const lists: [string, (db: Db) => unknown][] = [
    ["latest threads", (db) => listThreads({ db })],
    ["latest threads, a later page", (db) => listThreads({ db }, { after: "1700000000000:5" })],
    ["a category's threads", (db) => listThreads({ db }, { categoryId })],
    ["unanswered threads", (db) => listThreads({ db }, { filter: "unanswered" })],
    ["a category's solved threads", (db) => listThreads({ db }, { categoryId, filter: "solved" })],
    ["ideas", (db) => listThreads({ db }, { kind: "idea" })],
    ["the widget's popular solved threads", (db) => listPopularSolved({ db }, { categoryId: null })],
    ["a category's popular solved threads", (db) => listPopularSolved({ db }, { categoryId })],
    ["a block of the thread sitemap", (db) => listSitemapThreads({ db }, 1)],
    ["the Atom feed", (db) => listFeedEntries({ db })],
    ["a category's Atom feed", (db) => listFeedEntries({ db }, { categoryId })],
    ["the audit log", (db) => listAuditLog({ db }, { id: staff.id, role: "moderator" })],
  ];
  it("the pinned threads ahead of the home page and a category's list come from threads_pinned_idx", () => {
    for (const options of [{}, { categoryId }]) {
      const plan = traced.plansOf((db) => listThreads({ db }, options));
      expect(plan.some((line) => /threads_pinned_idx/.test(line)), plan.join("\n")).toBe(true);
    }
  });
  for (const [name, read] of lists) {
    it(`${name}: read in index order, no full scan and no sort`, () => {
      const plan = traced.plansOf(read);
      expect(plan.length).toBeGreaterThan(0);
      // A plain SCAN of threads (or of the log) here is a walk in rowid order (newest first) that the LIMIT stops.
      expect(fullScans(plan).filter((line) => line !== "SCAN threads" && line !== "SCAN moderation_log")).toEqual([]);
      expect(plan.filter((line) => line.includes("TEMP B-TREE FOR ORDER BY"))).toEqual([]);
    });
  }

  const reads: [string, (db: Db) => unknown, RegExp?][] = [
    ["a profile", (db) => getProfile({ db }, asker.handle), /threads_accepted_post_idx/],
    ["notifications", (db) => listNotifications({ db }, asker.id), /notifications_user_idx/],
    ["the unread count", (db) => countUnread({ db }, asker.id), /notifications_unread_idx/],
    ["the service-level figures", (db) => getServiceLevels({ db, clock: deps.clock }), /threads_created_levels_idx/],
    ["the flagged tab", (db) => listStaffQueue({ db, clock: deps.clock }, { id: staff.id, role: "staff" }, "flagged"), /threads_escalation_open_idx/],
    ["the due-soon tab", (db) => listStaffQueue({ db, clock: deps.clock }, { id: staff.id, role: "staff" }, "due"), /threads_escalation_due_idx/],
    ["the resolved-today tab", (db) => listStaffQueue({ db, clock: deps.clock }, { id: staff.id, role: "staff" }, "resolved"), /threads_escalation_resolved_idx/],
    ["the escalation sweep", (db) => selectDueThreads(db, deps.clock.now(), 200).all(), /threads_escalation_due_idx/],
    ["the search index check", (db) => countIndexTargets({ db }), /threads_latest_idx/],
    // Duplicates are not indexed: counting them and folding their titles into the canonical's document read only them.
    ["the search index check's duplicates", (db) => countIndexTargets({ db }), /threads_duplicate_of_idx/],
    ["search documents with their duplicates' titles", (db) => buildSearchDocuments(db, [1, 2, 3]), /threads_duplicate_of_idx/],
    ["the open-flag count", (db) => countOpenFlags({ db }), /flags_open_idx/],
    ["the moderation queue", (db) => listFlagQueue({ db }, { id: staff.id, role: "moderator" }), /flags_open_idx/],
    ["the audit log by actor", (db) => listAuditLog({ db }, { id: staff.id, role: "moderator" }, { actor: "member_1" }), /moderation_log_actor_idx/],
    // Staff answer a lot: the repeat check reads only their newest posts, even in a long thread.
    ["the repeated-reply check", (db) => refuseRepeatedReply(db, deps.clock, { authorId: staff.id, threadId: 10, body: "x", acrossThreads: true, windowMs: REPEAT_WINDOW_MS }), /posts_author_idx/],
    ["the repeated-question check", (db) => refuseRepeatedThread(db, deps.clock, { authorId: asker.id, title: "x", body: "x", acrossThreads: true, windowMs: REPEAT_WINDOW_MS }), /posts_author_idx/],
  ];
  for (const [name, read, expectedIndex] of reads) {
    it(`${name}: no full scan${expectedIndex ? `, served by ${expectedIndex.source}` : ""}`, () => {
      const plan = traced.plansOf(read);
      expect(plan.length).toBeGreaterThan(0);
      expect(fullScans(plan), plan.join("\n")).toEqual([]);
      if (expectedIndex) expect(plan.some((line) => expectedIndex.test(line)), plan.join("\n")).toBe(true);
    });
  }
});

describe("escalation reads before planner statistics exist (a new install)", () => {
  it("the sweep and each queue tab go through an escalation index, never threads_latest_idx", async () => {
    const deps = createTestDeps();
    const staff = await makeUser(deps, { role: "staff" });
    const traced = traceDatabase(deps.file);
    try {
      const stats = traced.db.$client.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
      if (stats) traced.db.$client.exec("DELETE FROM sqlite_stat1; ANALYZE sqlite_schema");
      const reads: [string, (db: Db) => unknown][] = [
        ["the sweep", (db) => selectDueThreads(db, deps.clock.now(), 200).all()],
        ...(["flagged", "due", "resolved"] as const).map((tab): [string, (db: Db) => unknown] => [
          `the ${tab} tab`,
          (db) => listStaffQueue({ db, clock: deps.clock }, { id: staff.id, role: "staff" }, tab),
        ]),
      ];
      for (const [name, read] of reads) {
        const plan = traced.plansOf(read);
        expect(plan.filter((line) => /^(SEARCH|SCAN) threads\b/.test(line)), `${name}:\n${plan.join("\n")}`).toEqual([
          expect.stringMatching(/^SEARCH threads USING INDEX threads_escalat\w+_idx /),
        ]);
      }
    } finally {
      traced.close();
      deps.db.$client.close();
    }
  });
});
