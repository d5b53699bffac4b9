// The escalation sweep over 1,000,000 threads: time per sweep and the query plan (it must use
// threads_escalation_due_idx, never a full scan). The generated database is cached under data/bench/.
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { selectDueThreads, sweepEscalations } from "~/services/escalation-sweep.server";
import { getServiceLevels } from "~/services/service-levels.server";
import { listStaffQueue } from "~/services/staff-queue.server";
import { ManualClock } from "~/utils/clock";

const THREADS = 1_000_000;
const DUE_PER_SWEEP = 50;
// A support team: every flagged thread notifies and mails each of them.
const STAFF = 26;
const ROOT = path.resolve(import.meta.dirname, "../..");
const CACHED = path.join(ROOT, "data/bench/escalation-1m.db");
const NOW = Date.parse("2026-06-01T12:00:00Z");
const HOUR = 3_600_000;

function buildDatabase() {
  fs.mkdirSync(path.dirname(CACHED), { recursive: true });
  const db = openDatabase(`${CACHED}.tmp`);
  migrateDatabase(db);
  const sqlite = db.$client;
  const insertUser = sqlite.prepare(
    "INSERT INTO users (id, email, handle, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'x', ?, ?)",
  );
  const insertThread = sqlite.prepare(
    `INSERT INTO threads (category_id, author_id, kind, title, slug, status, first_response_at, first_response_by_staff,
       escalation_due_at, escalated_at, escalation_resolved_at, last_activity_at, created_at)
     VALUES (1, 'asker', 'question', ?, 'q', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    insertUser.run("asker", "asker@bench.test", "asker", "Asker", "member", NOW);
    for (const i of [1, 2, 3]) insertUser.run(`staff${i}`, `staff${i}@bench.test`, `staff${i}`, `Staff ${i}`, "staff", NOW);
    sqlite.prepare("INSERT INTO categories (slug, name, created_at) VALUES ('general', 'General', ?)").run(NOW);
    for (let i = 0; i < THREADS; i++) {
      // Spread over a year; most threads got a peer answer, some were escalated, 0.5 % still wait.
      const created = NOW - 365 * 24 * HOUR + Math.floor((i / THREADS) * 365 * 24 * HOUR);
      const due = created + HOUR;
      const roll = i % 200;
      if (roll === 0) insertThread.run(`Waiting ${i}`, "open", null, null, due + 400 * 24 * HOUR, null, null, created, created);
      else if (roll < 10) insertThread.run(`Escalated ${i}`, "answered", due + HOUR, 1, due, due, due + HOUR, created, created);
      else insertThread.run(`Answered ${i}`, "solved", created + 600_000, 0, due, null, null, created, created);
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  sqlite.close();
  fs.renameSync(`${CACHED}.tmp`, CACHED);
}

export default async function bench() {
  if (!fs.existsSync(CACHED)) {
    const started = performance.now();
    buildDatabase();
    console.log(`built ${THREADS.toLocaleString("en")} threads in ${((performance.now() - started) / 1000).toFixed(1)} s (cached at data/bench/)`);
  }
  const work = path.join(ROOT, "data/bench/escalation-run.db");
  fs.copyFileSync(CACHED, work);
  const db = openDatabase(work);
  const clock = new ManualClock(NOW);
  const env = { PUBLIC_URL: "http://localhost:3000" };
  const addStaff = db.$client.prepare(
    "INSERT OR IGNORE INTO users (id, email, handle, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, 'x', 'staff', ?)",
  );
  for (let i = 1; i <= STAFF; i++) addStaff.run(`staff${i}`, `staff${i}@bench.test`, `staff${i}`, `Staff ${i}`, NOW);

  const query = selectDueThreads(db, clock.now(), 200).toSQL();
  const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.params as unknown[])) as { detail: string }[];
  console.log("sweep query plan:");
  for (const row of plan) console.log(`  ${row.detail}`);
  if (!plan.some((row) => row.detail.includes("threads_escalation_due_idx"))) throw new Error("the sweep does not use threads_escalation_due_idx");
  if (plan.some((row) => /^SCAN threads\b/.test(row.detail))) throw new Error("the sweep scans the threads table");

  const waiting = db.$client
    .prepare("SELECT id FROM threads WHERE escalated_at IS NULL AND first_response_at IS NULL ORDER BY id")
    .all() as { id: number }[];
  const makeDue = db.$client.prepare("UPDATE threads SET escalation_due_at = ? WHERE id = ?");
  const idle: number[] = [];
  const busy: number[] = [];
  // On a shared machine the wall time says more about the neighbours than about the sweep.
  const busyCpu: number[] = [];
  for (let round = 0; round < 20; round++) {
    clock.advance(30_000);
    let started = performance.now();
    sweepEscalations({ db, clock, env });
    idle.push(performance.now() - started);
    // 50 threads fall due between two sweeps: each is flagged with a notification and a mail per staff member and a webhook event.
    const batch = waiting.slice(round * DUE_PER_SWEEP, (round + 1) * DUE_PER_SWEEP);
    for (const { id } of batch) makeDue.run(clock.now().getTime() - 1, id);
    started = performance.now();
    const cpuStarted = process.cpuUsage();
    const flagged = sweepEscalations({ db, clock, env });
    busy.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    busyCpu.push((cpu.user + cpu.system) / 1000);
    if (flagged.length !== batch.length) throw new Error(`expected ${batch.length} flagged, got ${flagged.length}`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`threads: ${THREADS.toLocaleString("en")}, still waiting: ${waiting.length.toLocaleString("en")}`);
  console.log(`sweep with nothing due: median ${median(idle).toFixed(2)} ms, max ${Math.max(...idle).toFixed(2)} ms`);
  console.log(`sweep flagging ${DUE_PER_SWEEP} threads for ${STAFF} staff: median ${median(busy).toFixed(2)} ms, max ${Math.max(...busy).toFixed(2)} ms (target < 50 ms); CPU median ${median(busyCpu).toFixed(2)} ms`);
  measureStaffQueuePage(db, clock, median);
  db.$client.close();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${work}${suffix}`, { force: true });
}

// What the staff queue page computes on every load: the 7- and 30-day figures and the three tabs.
function measureStaffQueuePage(db: ReturnType<typeof openDatabase>, clock: ManualClock, median: (values: number[]) => number) {
  const staff = { id: "staff1", role: "staff" as const };
  const figures: number[] = [];
  const tabs: number[] = [];
  for (let round = 0; round < 10; round++) {
    let started = performance.now();
    getServiceLevels({ db, clock });
    figures.push(performance.now() - started);
    started = performance.now();
    for (const tab of ["flagged", "due", "resolved"] as const) listStaffQueue({ db, clock }, staff, tab);
    tabs.push(performance.now() - started);
  }
  console.log(`staff queue service-level figures (7 + 30 days): median ${median(figures).toFixed(2)} ms, max ${Math.max(...figures).toFixed(2)} ms`);
  console.log(`staff queue tabs (flagged + due soon + resolved today): median ${median(tabs).toFixed(2)} ms, max ${Math.max(...tabs).toFixed(2)} ms`);
}
