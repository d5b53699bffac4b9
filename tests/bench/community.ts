// The synthetic community the full benchmark serves: threads, posts, users, votes, follows and
// notifications written straight into a fresh, migrated database file, with every denormalised
// column (counts, statuses, reputation, first responses, escalation fields) as the write services
// would have left it, then the search index rebuilt the way `npm run search:reindex` does.
import fs from "node:fs";
import { migrateDatabase, openDatabase, type Db } from "@db/client.server";
import { createSqliteFtsIndex } from "@search/sqlite-fts.server";
import { rebuildIndex } from "@search/sync.server";
import { escalationWindowMinutes } from "~/services/escalation.server";
import { getSettings } from "~/services/settings.server";
import { ACCEPTED_BADGES, REPUTATION } from "~/utils/badges";
import { systemClock } from "~/utils/clock";
import { renderMarkdown } from "~/utils/markdown.server";
import { hashPassword } from "~/utils/passwords.server";
import { slugify } from "~/utils/slug";
import { communityText, type Body } from "./community-text";

export const BENCH_PASSWORD = "bench-password-2026";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN = 2 * 365 * DAY;
/** The site's default `reminderDays`. */
const REMINDER_DAYS = 3;
const CATEGORIES = [
  ["billing", "Billing and payments"],
  ["phones", "Phones and devices"],
  ["broadband", "Broadband and fibre"],
  ["mobile-data", "Mobile data"],
  ["roaming", "Roaming and travel"],
  ["account", "Your account"],
  ["tv", "TV and streaming"],
  ["deliveries", "Orders and deliveries"],
  ["security", "Security and scams"],
  ["ideas", "Ideas and feedback"],
] as const;
/** Staff and moderators answer; the accounts after them are members. */
const STAFF = 20;
const MODERATORS = 5;

export interface CommunityOptions {
  file: string;
  threads: number;
  postsPerThread?: number;
  users?: number;
  seed?: number;
  now?: number;
  log?: (line: string) => void;
}

export interface CommunitySummary {
  file: string;
  threads: number;
  posts: number;
  users: number;
  categories: number;
  votes: number;
  notifications: number;
  statuses: { solved: number; answered: number; open: number };
  generateSeconds: number;
  /** CPU time the generator itself used: on a machine shared with other work, wall time says little. */
  generateCpuSeconds: number;
  reindex: { threads: number; seconds: number; cpuSeconds: number; perSecond: number };
  /** Pages the benchmark loads: typical thread, a 500+ post thread, category slugs, writers. */
  sample: {
    typicalThread: { id: number; slug: string; posts: number };
    bigThread: { id: number; slug: string; posts: number };
    categorySlugs: string[];
    writerEmails: string[];
    readerEmail: string;
    /** Frequent and mid-frequency words of the generated text, for varied search queries. */
    words: string[];
  };
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** Default sizes follow the thread count: ten posts a thread, a user for every five threads. */
export function communitySize(threads: number) {
  return { threads, posts: threads * 10, users: Math.min(20_000, Math.max(100, Math.round(threads / 5))) };
}

// Indexes are dropped for the load and rebuilt once at the end: sorting once beats a million
// random B-tree inserts. The migrations' own SQL recreates them, so they stay exactly as migrated.
function dropIndexes(sqlite: Db["$client"]): string[] {
  const rows = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('posts','threads','votes','follows','notifications','me_too','users','badges')")
    .all() as { name: string; sql: string }[];
  for (const row of rows) sqlite.exec(`DROP INDEX "${row.name}"`);
  return rows.map((row) => row.sql);
}

export async function generateCommunity(options: CommunityOptions): Promise<CommunitySummary> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const size = communitySize(options.threads);
  const threadCount = options.threads;
  const postTarget = threadCount * (options.postsPerThread ?? 10);
  const userCount = options.users ?? size.users;
  const now = options.now ?? Date.now();
  const start = now - SPAN;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${options.file}${suffix}`, { force: true });

  const db = openDatabase(options.file);
  migrateDatabase(db);
  const settings = getSettings({ db });
  const windowMs = escalationWindowMinutes({ escalateAfterMinutes: null }, settings) * MINUTE;
  const sqlite = db.$client;
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("cache_size = -262144");
  sqlite.pragma("temp_store = MEMORY");
  const indexSql = dropIndexes(sqlite);

  const text = communityText(options.seed ?? 1);
  const { random, int } = text;
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const insertCategory = sqlite.prepare(
    "INSERT INTO categories (id, slug, name, description, position, thread_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertUser = sqlite.prepare(
    `INSERT INTO users (id, email, handle, display_name, password_hash, role, reputation, accepted_count, answer_count,
       email_verified_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertThread = sqlite.prepare(
    `INSERT INTO threads (id, category_id, author_id, kind, title, slug, status, accepted_post_id, first_response_at,
       first_response_by_staff, escalation_due_at, escalated_at, escalation_resolved_at, escalation_resolved_by,
       escalation_resolution, pinned, reply_count, vote_count, me_too_count, view_count, has_staff_reply, solved_at,
       last_activity_at, reminder_sent_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPost = sqlite.prepare(
    `INSERT INTO posts (id, thread_id, author_id, position, body_md, body_html, author_role, official, helpful_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVote = sqlite.prepare("INSERT INTO votes (user_id, post_id, created_at) VALUES (?, ?, ?)");
  const insertMeToo = sqlite.prepare("INSERT INTO me_too (user_id, thread_id, created_at) VALUES (?, ?, ?)");
  const insertFollow = sqlite.prepare("INSERT INTO follows (user_id, thread_id, created_at) VALUES (?, ?, ?)");
  const insertNotification = sqlite.prepare(
    "INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertBadge = sqlite.prepare("INSERT INTO badges (user_id, badge, awarded_at) VALUES (?, ?, ?)");

  // User n (1-based): 1 is the admin, then staff, then moderators, then members.
  const userId = (n: number) => `u${n}`;
  const roleOf = (n: number) => (n === 1 ? "admin" : n <= 1 + STAFF ? "staff" : n <= 1 + STAFF + MODERATORS ? "moderator" : "member");
  const firstMember = 2 + STAFF + MODERATORS;
  const reputation = new Int32Array(userCount + 1);
  const accepted = new Int32Array(userCount + 1);
  const answers = new Int32Array(userCount + 1);
  // Activity is skewed: a few members answer much of the time (random² leans to low numbers).
  const activeMember = () => firstMember + Math.floor(random() ** 2 * (userCount - firstMember + 1));
  const anyMember = () => firstMember + Math.floor(random() * (userCount - firstMember + 1));
  const staffUser = () => 2 + Math.floor(random() * (STAFF + MODERATORS));
  const otherUser = (not: number, used: Set<number>) => {
    for (;;) {
      const n = 1 + Math.floor(random() * userCount);
      if (n !== not && !used.has(n)) return n;
    }
  };

  // A few threads of 500+ posts, spread through the id range; the rest follow the 60/25/15 mix.
  const bigCount = Math.max(1, Math.round(threadCount / 20_000));
  const bigIds = new Set(Array.from({ length: bigCount }, (_, k) => 1 + Math.floor(((k + 0.5) * threadCount) / bigCount)));
  const isBig = (id: number) => bigIds.has(id);
  const bigPosts = bigCount * 550;
  const answeredThreads = Math.max(1, threadCount * 0.85 - bigCount);
  const meanReplies = Math.max(1, (postTarget - threadCount * 0.15 - bigPosts) / answeredThreads - 1);

  let postId = 0;
  let votes = 0;
  let notificationCount = 0;
  const statuses = { solved: 0, answered: 0, open: 0 };
  const categoryThreads = new Array<number>(CATEGORIES.length + 1).fill(0);
  let typical: CommunitySummary["sample"]["typicalThread"] | null = null;
  let big: CommunitySummary["sample"]["bigThread"] | null = null;
  const checked: Body[] = [];

  const writeThread = (id: number) => {
    const created = Math.floor(start + ((id - 1) / threadCount) * (SPAN - 2 * HOUR) + random() * MINUTE);
    const categoryId = 1 + (id * 7 + Math.floor(random() * 3)) % CATEGORIES.length;
    const asker = anyMember();
    const bigThread = isBig(id);
    const roll = random();
    const status = bigThread ? "solved" : roll < 0.6 ? "solved" : roll < 0.85 ? "answered" : "open";
    const kindRoll = random();
    const kind =
      status === "solved" || bigThread
        ? kindRoll < 0.8 ? "question" : "problem"
        : kindRoll < 0.65 ? "question" : kindRoll < 0.85 ? "problem" : kindRoll < 0.95 ? "idea" : "praise";
    const replies = bigThread ? int(520, 580) : status === "open" ? 0 : Math.min(400, 1 + Math.floor(-Math.log(1 - random()) * (meanReplies - 0.5)));
    const title = text.title();
    const slug = slugify(title);
    const due = created + windowMs;

    // Reply times: the first within the window seven times in ten, the rest spread after it, all
    // squeezed into the time left before now.
    const times: number[] = [];
    if (replies > 0) {
      let t = created + (random() < 0.7 ? int(5, 50) * MINUTE : int(61, 1440) * MINUTE);
      times.push(t);
      for (let i = 1; i < replies; i++) times.push((t += Math.floor(-Math.log(1 - random()) * 6 * HOUR)));
      const room = now - MINUTE - created;
      const used = times[times.length - 1]! - created;
      if (used > room) for (let i = 0; i < times.length; i++) times[i] = created + Math.floor(((times[i]! - created) * room) / used);
    }

    const question = text.question();
    if (checked.length < 300) checked.push(question);
    const questionId = ++postId;
    insertPost.run(questionId, id, userId(asker), 1, question.md, question.html, roleOf(asker), 0, 0, created);
    insertFollow.run(userId(asker), id, created);

    let firstResponseAt: number | null = null;
    let firstResponseByStaff: number | null = null;
    let firstResponder = 0;
    let hasStaffReply = 0;
    let voteTotal = 0;
    const responseIds: { id: number; author: number; at: number; helpful: number }[] = [];
    for (let i = 0; i < replies; i++) {
      const at = times[i]!;
      // The first reply is a response; later ones come from the asker one time in six.
      const author = i > 0 && random() < 0.16 ? asker : random() < 0.08 ? staffUser() : activeMember();
      const finalAuthor = author === asker && i === 0 ? otherUser(asker, new Set()) : author;
      const role = roleOf(finalAuthor);
      const official = role === "member" ? 0 : 1;
      if (official) hasStaffReply = 1;
      const body = text.reply();
      if (checked.length < 300) checked.push(body);
      const id2 = ++postId;
      const helpfulRoll = random();
      const helpful = helpfulRoll < 0.7 ? 0 : helpfulRoll < 0.9 ? 1 : helpfulRoll < 0.97 ? int(2, 3) : int(4, 10);
      insertPost.run(id2, id, userId(finalAuthor), i + 2, body.md, body.html, role, official, helpful, at);
      if (finalAuthor !== asker) {
        answers[finalAuthor]! += 1;
        if (firstResponseAt === null) {
          firstResponseAt = at;
          firstResponseByStaff = official;
          firstResponder = finalAuthor;
        }
        responseIds.push({ id: id2, author: finalAuthor, at, helpful });
        // The asker follows from the start and hears of every answer.
        insertNotification.run(userId(asker), "answer", id, id2, userId(finalAuthor), at, at < now - 7 * DAY ? at + HOUR : null);
        notificationCount += 1;
      }
      if (helpful > 0) {
        const voters = new Set<number>();
        for (let v = 0; v < helpful; v++) {
          const voter = otherUser(finalAuthor, voters);
          voters.add(voter);
          const votedAt = Math.min(now - 1, at + int(1, 600) * MINUTE);
          insertVote.run(userId(voter), id2, votedAt);
          insertNotification.run(userId(finalAuthor), "helpful", id, id2, userId(voter), votedAt, votedAt < now - 7 * DAY ? votedAt + HOUR : null);
        }
        votes += helpful;
        notificationCount += helpful;
        voteTotal += helpful;
        reputation[finalAuthor]! += REPUTATION.helpful * helpful;
      }
    }

    let acceptedPostId: number | null = null;
    let solvedAt: number | null = null;
    if (status === "solved") {
      const choice = responseIds[Math.floor(random() * responseIds.length)]!;
      acceptedPostId = choice.id;
      solvedAt = Math.min(now - 1, choice.at + int(10, 2000) * MINUTE);
      accepted[choice.author]! += 1;
      reputation[choice.author]! += REPUTATION.accepted;
      insertNotification.run(userId(choice.author), "accepted", id, choice.id, userId(asker), solvedAt, solvedAt < now - 7 * DAY ? solvedAt + HOUR : null);
      notificationCount += 1;
    }

    // Escalation as the sweep and the staff queue would have left it: a thread nobody answered
    // within the window was flagged at its deadline; an answer resolved it ("responded"), and
    // staff dismissed unanswered ones after a day. Threads still inside their window wait.
    let escalatedAt: number | null = null;
    let resolvedAt: number | null = null;
    let resolvedBy: string | null = null;
    let resolution: string | null = null;
    if (firstResponseAt !== null && firstResponseAt > due) {
      escalatedAt = due;
      resolvedAt = firstResponseAt;
      resolvedBy = userId(firstResponder);
      resolution = "responded";
    } else if (firstResponseAt === null && due <= now) {
      escalatedAt = due;
      if (due + DAY <= now) {
        resolvedAt = due + int(60, 1200) * MINUTE;
        resolvedBy = userId(staffUser());
        resolution = "Answered in the FAQ";
      }
    }

    const meToo = (kind === "question" || kind === "problem") && random() < 0.2 ? int(1, 5) : 0;
    const meTooUsers = new Set<number>();
    for (let m = 0; m < meToo; m++) {
      const user = otherUser(asker, meTooUsers);
      meTooUsers.add(user);
      const at = Math.min(now - 1, created + int(30, 3000) * MINUTE);
      insertMeToo.run(userId(user), id, at);
      insertFollow.run(userId(user), id, at);
    }

    const lastActivity = replies > 0 ? times[replies - 1]! : created;
    const pinned = id % Math.max(1, Math.floor(threadCount / 3)) === 0 ? 1 : 0;
    // The "did this solve it?" reminder went out long ago on an old unaccepted answer, as the job would
    // have sent it: otherwise a fresh server spends its first minutes mailing a two-year backlog.
    const reminderAt = firstResponseAt === null ? null : firstResponseAt + REMINDER_DAYS * DAY;
    const reminderSentAt = acceptedPostId === null && reminderAt !== null && reminderAt <= now ? reminderAt : null;
    insertThread.run(
      id, categoryId, userId(asker), kind, title, slug, status, acceptedPostId, firstResponseAt, firstResponseByStaff,
      due, escalatedAt, resolvedAt, resolvedBy, resolution, pinned, replies, voteTotal, meToo, int(replies * 5, replies * 40 + 50),
      hasStaffReply, solvedAt, lastActivity, reminderSentAt, created,
    );
    statuses[status] += 1;
    categoryThreads[categoryId]! += 1;
    if (bigThread && !big) big = { id, slug, posts: replies + 1 };
    // The typical thread: a recent solved one of ten posts, as most search visitors land on.
    if (!bigThread && status === "solved" && replies === 9) typical = { id, slug, posts: 10 };
  };

  const BATCH = 5_000;
  const writeBatch = sqlite.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) writeThread(id);
  });
  for (let from = 1; from <= threadCount; from += BATCH) {
    writeBatch(from, Math.min(threadCount, from + BATCH - 1));
    if (from % 50_000 === 1 && from > 1) log(`  ${(from - 1).toLocaleString("en")} threads, ${postId.toLocaleString("en")} posts`);
  }

  // The template rendering must be what the app stores: a sample goes through renderMarkdown.
  for (const body of checked) {
    const rendered = renderMarkdown(body.md);
    if (rendered !== body.html) throw new Error(`generated HTML differs from renderMarkdown:\n${body.html}\n---\n${rendered}`);
  }

  sqlite.transaction(() => {
    CATEGORIES.forEach(([slug, name], index) => {
      insertCategory.run(index + 1, slug, name, `Questions about ${name.toLowerCase()}.`, index, categoryThreads[index + 1], start - DAY);
    });
    for (let n = 1; n <= userCount; n++) {
      const role = roleOf(n);
      const joined = start - DAY + Math.floor((n / userCount) * DAY);
      insertUser.run(
        userId(n), `user${n}@bench.test`, `user${n}`, `${role === "member" ? "Member" : "Staff"} ${n}`, passwordHash, role,
        reputation[n], accepted[n], answers[n], joined, now - int(0, 60) * DAY, joined,
      );
      for (const badge of ACCEPTED_BADGES) if (accepted[n]! >= badge.threshold) insertBadge.run(userId(n), badge.id, now - DAY);
    }
  })();
  const loadSeconds = (performance.now() - started) / 1000;
  log(`  rows written in ${loadSeconds.toFixed(1)} s; building indexes`);
  for (const statement of indexSql) sqlite.exec(statement);
  sqlite.pragma("analysis_limit = 1000");
  sqlite.exec("ANALYZE");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  log(`  indexes built at ${((performance.now() - started) / 1000).toFixed(1)} s; reindexing search`);

  const reindexStarted = performance.now();
  const reindexCpuStarted = process.cpuUsage();
  const search = createSqliteFtsIndex(db);
  const { threads: indexed } = await rebuildIndex({ db, clock: systemClock, search }, { batchSize: 2000 });
  const reindexSeconds = (performance.now() - reindexStarted) / 1000;
  const reindexCpuSeconds = cpuSeconds(process.cpuUsage(reindexCpuStarted));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");

  // Writers post answers during the run: members trusted past the anti-spam limits, as regulars are.
  // A small community has too few of them: staff make up the eight.
  const writers = sqlite
    .prepare(
      `SELECT email FROM (SELECT email, 0 AS rank, reputation FROM users WHERE role = 'member' AND reputation > ?
         UNION ALL SELECT email, 1, reputation FROM users WHERE role = 'staff') ORDER BY rank, reputation DESC LIMIT 8`,
    )
    .pluck()
    .all(settings.spamExemptReputation) as string[];
  const readerEmail = `user${userCount}@bench.test`;
  sqlite.close();

  if (!typical || !big) throw new Error("the generated community lacks a typical or a 500+ post thread");
  return {
    file: options.file,
    threads: threadCount,
    posts: postId,
    users: userCount,
    categories: CATEGORIES.length,
    votes,
    notifications: notificationCount,
    statuses,
    generateSeconds: (performance.now() - started) / 1000,
    generateCpuSeconds: cpuSeconds(process.cpuUsage(cpuStarted)),
    reindex: { threads: indexed, seconds: reindexSeconds, cpuSeconds: reindexCpuSeconds, perSecond: indexed / reindexSeconds },
    sample: {
      typicalThread: typical,
      bigThread: big,
      categorySlugs: CATEGORIES.map(([slug]) => slug),
      writerEmails: writers,
      readerEmail,
      words: text.words.slice(0, 1200),
    },
  };
}
