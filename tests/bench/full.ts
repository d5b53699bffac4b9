// The full benchmark (`npm run bench`): a generated community, the production server over it,
// every page and API a visitor uses under load at each concurrency, answers posted through the
// form while readers go on, the figures measured directly (cold start, peak RSS, database size,
// reindex rate, escalation sweep), and the ceiling: bare node:http serving the thread page's bytes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { Request } from "autocannon";
import { openDatabase, refreshPlannerStatistics } from "@db/client.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { systemClock } from "~/utils/clock";
import { BENCH_PASSWORD, generateCommunity, type CommunitySummary } from "./community";
import { measureLoad, rotating, type LoadPlan } from "./load";
import { BenchResultsSchema, type BenchResults, type HttpFigure } from "./results-schema";
import { traceRss, type RssTrace } from "./rss-trace";
import { ROOT, startCeiling, startServer, type RunningServer } from "./server";

export interface FullBenchOptions {
  threads: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number[];
  writers: number;
  /** Where the community is generated; an existing file is reused only with `reuse`. */
  database: string;
  reuse: boolean;
  build: boolean;
  out: string;
  command: string;
  /** Only these figures (scenario names, `posting`, `sweep`); all when absent. */
  only?: string[];
  /** The server runs under `node --cpu-prof`, its profiles (one per process) written here. */
  profileDir?: string;
  /** The server's processes' memory sampled into this file, each sample with the figure then measured (rss-trace.ts). */
  rssTrace?: string;
  log?: (line: string) => void;
}

/** The figures besides the HTTP scenarios that `--only` can name. */
const OTHER_FIGURES = ["posting", "sweep"];

interface StoredCommunity extends CommunitySummary {
  databaseBytes: number;
}

const MB = 1024 * 1024;

function databaseBytes(file: string): number {
  return ["", "-wal"].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
}

async function prepareCommunity(options: FullBenchOptions, log: (line: string) => void): Promise<{ community: StoredCommunity; reused: boolean }> {
  const sidecar = `${options.database}.json`;
  if (options.reuse && fs.existsSync(options.database) && fs.existsSync(sidecar)) {
    const community = JSON.parse(fs.readFileSync(sidecar, "utf8")) as StoredCommunity;
    if (community.threads === options.threads) {
      log(`Reusing ${path.relative(ROOT, options.database)} (${community.threads.toLocaleString("en")} threads)`);
      return { community, reused: true };
    }
  }
  fs.rmSync(sidecar, { force: true });
  log(`Generating ${options.threads.toLocaleString("en")} threads into ${path.relative(ROOT, options.database)}`);
  const summary = await generateCommunity({ file: options.database, threads: options.threads, log });
  const community = { ...summary, databaseBytes: databaseBytes(options.database) };
  fs.writeFileSync(sidecar, JSON.stringify(community));
  log(
    `Generated ${summary.posts.toLocaleString("en")} posts, ${summary.users.toLocaleString("en")} users in ${summary.generateSeconds.toFixed(1)} s` +
      ` (${summary.generateCpuSeconds.toFixed(1)} s of CPU)` +
      ` (search reindex ${Math.round(summary.reindex.perSecond).toLocaleString("en")} threads/s)`,
  );
  return { community, reused: false };
}

async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email, password: BENCH_PASSWORD, redirectTo: "/" }),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("peerdesk_session="));
  if (response.status !== 302 || !cookie) throw new Error(`signing in as ${email} answered ${response.status} without a session`);
  return cookie.split(";")[0]!;
}

async function fetchOk(url: string, headers: Record<string, string> = {}): Promise<Buffer> {
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return body;
}

/** Two-word queries (a frequent word with a rarer one) and ask-form titles from the generated text. */
function queriesFrom(words: string[]) {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const frequent = words.slice(0, 40);
  const mid = words.slice(40, 800);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const searches = Array.from({ length: 300 }, (_, i) => `${pick(i % 2 ? frequent : words.slice(0, 400))} ${pick(mid)}`);
  const titles = Array.from({ length: 300 }, () => `How do I ${pick(frequent)} ${pick(mid)} ${pick(mid)}?`);
  return { searches, titles };
}

function sampleThreads(database: string, bigId: number): { id: number; slug: string }[] {
  const sqlite = new Database(database, { readonly: true });
  try {
    return sqlite
      .prepare("SELECT id, slug FROM threads WHERE reply_count BETWEEN 2 AND 40 AND hidden = 0 AND locked = 0 AND id <> ? ORDER BY random() LIMIT 500")
      .all(bigId) as { id: number; slug: string }[];
  } finally {
    sqlite.close();
  }
}

const threadPath = (thread: { id: number; slug: string }, page = 1) =>
  `/t/${thread.id}/${encodeURIComponent(thread.slug)}${page > 1 ? `?page=${page}` : ""}`;

interface Scenario {
  name: string;
  label: string;
  requests: Request[];
  headers?: Record<string, string>;
}

function scenarios(community: StoredCommunity, cookie: string, threads: { id: number; slug: string }[]): Scenario[] {
  const { typicalThread, bigThread, categorySlugs, words } = community.sample;
  const { searches, titles } = queriesFrom(words);
  const lastPage = Math.max(1, Math.ceil((bigThread.posts - 1) / 50));
  const get = (p: string): Request[] => [{ method: "GET", path: p }];
  return [
    { name: "thread-guest", label: `thread page (${typicalThread.posts} posts), guest`, requests: get(threadPath(typicalThread)) },
    { name: "thread-member", label: "thread page, signed in", requests: get(threadPath(typicalThread)), headers: { cookie } },
    { name: "threads-guest-varied", label: "thread pages, guest, 500 different threads", requests: rotating(threads.map((t) => threadPath(t)), (p) => ({ method: "GET", path: p })) },
    { name: "big-thread-first", label: `${bigThread.posts}-post thread, first page, guest`, requests: get(threadPath(bigThread)) },
    { name: "big-thread-last", label: `${bigThread.posts}-post thread, last page (${lastPage}), guest`, requests: get(threadPath(bigThread, lastPage)) },
    { name: "home-guest", label: "home page, guest", requests: get("/") },
    { name: "home-member", label: "home page, signed in", requests: get("/"), headers: { cookie } },
    { name: "category-latest", label: "category, latest, guest", requests: rotating(categorySlugs, (slug) => ({ method: "GET", path: `/c/${slug}` })) },
    // Signed-in pages are rendered for each request (issue 14: 500 req/s at c=50 for each of these three).
    { name: "category-member", label: "category, latest, signed in", requests: rotating(categorySlugs, (slug) => ({ method: "GET", path: `/c/${slug}` })), headers: { cookie } },
    { name: "category-unanswered", label: "category, unanswered, guest", requests: rotating(categorySlugs, (slug) => ({ method: "GET", path: `/c/${slug}?filter=unanswered` })) },
    { name: "search-api", label: "search API, varied queries", requests: rotating(searches, (q) => ({ method: "GET", path: `/api/v1/search?q=${encodeURIComponent(q)}` })) },
    { name: "similar-api", label: "similar-question API, varied titles", requests: rotating(titles, (title) => ({ method: "GET", path: `/api/v1/similar?title=${encodeURIComponent(title)}` })) },
    { name: "embed", label: "/embed (widget panel)", requests: get("/embed") },
    { name: "widget-js", label: "/widget.js", requests: get("/widget.js") },
  ];
}

function postingRequests(url: string, cookies: string[], threads: { id: number; slug: string }[], text: string[]): Request[] {
  let sent = 0;
  let nextWriter = 0;
  return [
    {
      setupRequest: (request, context) => {
        context.writer ??= nextWriter++ % cookies.length;
        const thread = threads[sent % threads.length]!;
        const words = Array.from({ length: 24 }, (_, i) => text[(sent * 31 + i * 7) % text.length]).join(" ");
        sent += 1;
        return {
          ...request,
          method: "POST",
          path: threadPath(thread),
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: url,
            cookie: cookies[context.writer as number]!,
          },
          body: new URLSearchParams({ intent: "reply", body: `Answer ${sent}: ${words}.\n\nThat fixed it for me.` }).toString(),
        };
      },
    },
  ];
}

/**
 * One request of each kind before any load, which must succeed: a scenario measuring fast 404s or
 * refused form posts would print impressive figures about nothing.
 */
async function probe(url: string, requests: Request[], headers: Record<string, string> = {}, expect = [200]): Promise<void> {
  const first = requests[0]!;
  const request = first.setupRequest ? first.setupRequest({ ...first }, {}) : first;
  const response = await fetch(`${url}${request.path ?? "/"}`, {
    method: request.method ?? "GET",
    headers: { ...headers, ...request.headers },
    body: request.body,
    redirect: "manual",
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    throw new Error(`${request.method ?? "GET"} ${request.path} answered ${response.status}, not ${expect.join(" or ")}:\n${text.slice(0, 500)}`);
  }
}

/**
 * Waits until the server has answered what an ended run left queued: a scenario too slow for its
 * window leaves requests behind, which must not be charged to the next one.
 */
async function settle(url: string): Promise<void> {
  const response = await fetch(`${url}/healthcheck`, { signal: AbortSignal.timeout(600_000) });
  await response.arrayBuffer();
}

/** Rounds of the flagging figure: the first pays for compiling its code path and reading cold pages. */
const SWEEP_ROUNDS = 5;
const SWEEP_BATCH = 50;

function measureSweep(database: string): { idleMs: number; flagMs: number; firstFlagMs: number; flagged: number; rounds: number } {
  const db = openDatabase(database);
  try {
    const env = { PUBLIC_URL: "http://localhost:3000" };
    sweepEscalations({ db, clock: systemClock, env });
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      sweepEscalations({ db, clock: systemClock, env });
      idle.push(performance.now() - started);
    }
    // Rounds of fifty unanswered threads falling due at once, other threads each round: each is
    // flagged, with staff notified and mailed. The sweep runs every minute in a long-lived process,
    // so the figure is the median round; the first is reported beside it.
    const ids = db.$client
      .prepare("SELECT id FROM threads WHERE first_response_at IS NULL AND hidden = 0 ORDER BY id DESC LIMIT ?")
      .pluck()
      .all(SWEEP_ROUNDS * SWEEP_BATCH) as number[];
    const makeDue = db.$client.prepare(
      "UPDATE threads SET escalated_at = NULL, escalation_resolved_at = NULL, escalation_resolved_by = NULL, escalation_resolution = NULL, escalation_due_at = ? WHERE id = ?",
    );
    const perRound = Math.min(SWEEP_BATCH, Math.max(1, Math.floor(ids.length / SWEEP_ROUNDS)));
    const rounds: { ms: number; flagged: number }[] = [];
    for (let round = 0; round < SWEEP_ROUNDS && (round + 1) * perRound <= ids.length; round++) {
      const batch = ids.slice(round * perRound, (round + 1) * perRound);
      db.$client.transaction(() => batch.forEach((id) => makeDue.run(Date.now() - 1000, id)))();
      const started = performance.now();
      const flagged = sweepEscalations({ db, clock: systemClock, env }).length;
      rounds.push({ ms: performance.now() - started, flagged });
    }
    const round2 = (ms: number) => Math.round(ms * 100) / 100;
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    return {
      idleMs: round2(median(idle)),
      flagMs: round2(median(rounds.map((r) => r.ms))),
      firstFlagMs: round2(rounds[0]?.ms ?? 0),
      flagged: rounds[0]?.flagged ?? 0,
      rounds: rounds.length,
    };
  } finally {
    db.$client.close();
  }
}

function machine(): BenchResults["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** Writers post answers through the thread page's form while guests keep reading thread pages. */
async function measurePosting({ server, options, writerCookies, threads, words, log }: {
  server: RunningServer;
  log: (line: string) => void;
  options: FullBenchOptions;
  writerCookies: string[];
  threads: { id: number; slug: string }[];
  words: string[];
}): Promise<NonNullable<BenchResults["posting"]>> {
  const { url } = server;
  const outputBefore = server.output().length;
  const readerPlan: LoadPlan = {
    url,
    connections: Math.min(...options.connections),
    seconds: options.warmupSeconds + options.durationSeconds,
    requests: rotating(threads.map((t) => threadPath(t)), (p) => ({ method: "GET", path: p })),
  };
  const writerPlan: LoadPlan = {
    url,
    connections: writerCookies.length,
    seconds: options.durationSeconds,
    requests: postingRequests(url, writerCookies, threads, words),
    expect: [302, 303],
  };
  await probe(url, writerPlan.requests, {}, writerPlan.expect);
  await settle(url);
  const readersDone = measureLoad(readerPlan);
  await new Promise((resolve) => setTimeout(resolve, options.warmupSeconds * 1000));
  const cpuBefore = server.cpuSeconds();
  const writes = await measureLoad(writerPlan);
  // The CPU of the writers' window only (the readers' warm-up is before it), over every answer in it.
  const cpuMs = (server.cpuSeconds() - cpuBefore) * 1000;
  const readers = await readersDone;
  const output = server.output().slice(outputBefore);
  const busyErrors = (output.match(/SQLITE_BUSY/g) ?? []).length;
  // Where it came from (a request, a job): the server's log around the first one.
  const firstBusy = output.indexOf("SQLITE_BUSY");
  if (firstBusy !== -1) log(`  SQLITE_BUSY in the server's log:\n${output.slice(Math.max(0, firstBusy - 300), firstBusy + 1200)}`);
  const readsInWindow = (readers.requestsPerSecond * options.durationSeconds) || 0;
  const serverCpuMsPerRequest = Math.round((cpuMs / Math.max(1, writes.requests + readsInWindow)) * 100) / 100;
  return { writers: writerCookies.length, writes, readers, busyErrors, serverCpuMsPerRequest };
}

export async function runFullBenchmark(options: FullBenchOptions): Promise<BenchResults> {
  const log = options.log ?? console.log;
  const startedAt = new Date().toISOString();
  const { community, reused } = await prepareCommunity(options, log);
  // The server works on a copy: posting and the sweep change the data, the generated file stays as made.
  const runFile = options.database.replace(/\.db$/, "") + "-run.db";
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(runFile + suffix, { force: true });
  fs.copyFileSync(options.database, runFile);
  // The generated file's search index is rebuilt after its ANALYZE (new tables swapped in, without
  // planner statistics), so the server's first statistics check, once its workers listen, analyzed them
  // in full: seconds holding the write lock, which failed the writers' sign-ins (SQLITE_BUSY) once a
  // faster start (issue 14) brought them together. A forum whose server has run has them: the copy
  // gets them as that first check would give them, and the figures measure a server in its steady state.
  const copy = openDatabase(runFile);
  refreshPlannerStatistics(copy, { allTables: true });
  copy.$client.close();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "peerdesk-bench-"));

  if (options.build) {
    log("Building (npm run build)");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  }
  if (!fs.existsSync(path.join(ROOT, "build/server.js"))) throw new Error("no server build in build/: run without --no-build");

  let server: RunningServer | undefined;
  let trace: RssTrace | undefined;
  try {
    server = await startServer({ database: runFile, tmp, profileDir: options.profileDir });
    const running = server;
    if (options.rssTrace) trace = traceRss({ file: options.rssTrace, processes: () => running.processes() });
    const { coldStartMs } = server;
    log(`Server answered in ${coldStartMs} ms (cold start)`);
    const url = server.url;
    const readerCookie = await signIn(url, community.sample.readerEmail);
    const writerCookies: string[] = [];
    for (const email of community.sample.writerEmails.slice(0, options.writers)) writerCookies.push(await signIn(url, email));
    const threads = sampleThreads(runFile, community.sample.bigThread.id);
    const pageBytes = await fetchOk(`${url}${threadPath(community.sample.typicalThread)}`);
    const allScenarios = scenarios(community, readerCookie, threads);
    const known = [...allScenarios.map((scenario) => scenario.name), ...OTHER_FIGURES];
    const unknown = options.only?.filter((name) => !known.includes(name)) ?? [];
    if (unknown.length > 0) throw new Error(`--only ${unknown.join(",")}: not a figure; the figures are ${known.join(", ")}`);
    const wanted = (name: string) => !options.only || options.only.includes(name);
    const plannedScenarios = allScenarios.filter((scenario) => wanted(scenario.name));
    for (const scenario of plannedScenarios) await probe(url, scenario.requests, scenario.headers);

    // Each run starts on an idle server: the warm-up's leftovers are not charged to the measurement.
    const run = async (plan: Omit<LoadPlan, "seconds">, { settles = true } = {}) => {
      const idle = () => (settles ? settle(plan.url) : Promise.resolve());
      await idle();
      if (options.warmupSeconds > 0) await measureLoad({ ...plan, seconds: options.warmupSeconds });
      await idle();
      const cpuBefore = running.cpuSeconds();
      const figures = await measureLoad({ ...plan, seconds: options.durationSeconds });
      await idle();
      // The server's CPU over the window's answers (what it left queued included): on a busy machine a
      // steadier comparison than req/s. Meaningless for the ceiling, which is not the server.
      const cpuMsPerRequest = Math.round((((running.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, figures.requests)) * 100) / 100;
      return Object.assign(figures, { cpuMsPerRequest });
    };
    const ceilingFigures: HttpFigure[] = [];
    // The ceiling is what the HTTP figures are compared with: a run of other figures only skips it.
    if (plannedScenarios.length > 0) {
      const ceiling = await startCeiling(pageBytes);
      try {
        for (const connections of options.connections) {
          const figures = await run({ url: ceiling.url, connections, requests: [{ method: "GET", path: "/" }] }, { settles: false });
          const { cpuMsPerRequest: _server, ...measured } = figures;
          ceilingFigures.push({ name: "ceiling", label: "ceiling: node:http, thread page bytes from memory", connections, ratioToCeiling: 1, ...measured });
          log(`  ceiling c=${connections}: ${figures.requestsPerSecond} req/s`);
        }
      } finally {
        await ceiling.stop();
      }
    }
    const ceilingAt = (connections: number) => ceilingFigures.find((f) => f.connections === connections)!.requestsPerSecond;

    const http: HttpFigure[] = [];
    for (const scenario of plannedScenarios) {
      for (const connections of options.connections) {
        trace?.phase(`${scenario.name} c=${connections}`);
        const figures = await run({ url, connections, requests: scenario.requests, headers: scenario.headers });
        const ratio = Math.round((figures.requestsPerSecond / ceilingAt(connections)) * 10_000) / 10_000;
        const { cpuMsPerRequest, ...measured } = figures;
        http.push({ name: scenario.name, label: scenario.label, connections, ratioToCeiling: ratio, ...measured });
        log(`  ${scenario.name} c=${connections}: ${figures.requestsPerSecond} req/s, p99 ${figures.latencyMs.p99} ms, server CPU ${cpuMsPerRequest} ms per request${figures.unexpected ? `, ${figures.unexpected} unexpected statuses ${JSON.stringify(figures.statusCounts)}` : ""}`);
      }
    }

    let posting: BenchResults["posting"];
    if (wanted("posting")) {
      trace?.phase("posting");
      posting = await measurePosting({ server, options, writerCookies, threads, words: community.sample.words, log });
      const { writes, readers } = posting;
      log(`  posting (${writerCookies.length} writers): ${writes.requestsPerSecond} posts/s, p99 ${writes.latencyMs.p99} ms, ${writes.unexpected} failed; readers ${readers.requestsPerSecond} req/s; server CPU ${posting.serverCpuMsPerRequest} ms per request`);
    }

    // The kernel counts RSS per CPU and reads the counts approximately, and raises VmHWM only at
    // some points, so a peak read at the end can be a little below an RSS a sample saw (171.1 MB
    // against 171.3 in one CI run): the peak is the higher of the two.
    const traced = trace?.stop();
    const peakRssMb = Math.max(server.peakRssMb(), trace?.highestRssMb() ?? 0);
    trace = undefined;
    if (traced) {
      log(`  RSS trace in ${options.rssTrace}; each process's highest RSS in each figure (MB):`);
      for (const line of traced) log(`    ${line}`);
    }
    await server.stop();
    server = undefined;

    const sweep = wanted("sweep") ? measureSweep(runFile) : undefined;
    if (sweep) log(`  escalation sweep: ${sweep.idleMs} ms idle, ${sweep.flagMs} ms flagging ${sweep.flagged} (median of ${sweep.rounds} rounds; first ${sweep.firstFlagMs} ms)`);

    const results: BenchResults = {
      version: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      command: options.command,
      machine: machine(),
      options: {
        threads: options.threads,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        connections: options.connections,
        writers: writerCookies.length,
      },
      community: {
        threads: community.threads,
        posts: community.posts,
        users: community.users,
        categories: community.categories,
        votes: community.votes,
        notifications: community.notifications,
        statuses: community.statuses,
        generateSeconds: Math.round(community.generateSeconds * 10) / 10,
        generateCpuSeconds: Math.round(community.generateCpuSeconds * 10) / 10,
        reused,
        threadPageBytes: pageBytes.length,
      },
      ceiling: ceilingFigures,
      http,
      posting,
      direct: {
        coldStartMs,
        peakRssMb,
        databaseMb: Math.round((community.databaseBytes / MB) * 10) / 10,
        reindexThreadsPerSecond: Math.round(community.reindex.perSecond),
        reindexSeconds: Math.round(community.reindex.seconds * 10) / 10,
        reindexCpuSeconds: Math.round(community.reindex.cpuSeconds * 10) / 10,
        ...(sweep && {
          sweepIdleMs: sweep.idleMs,
          sweepFlagMs: sweep.flagMs,
          sweepFirstFlagMs: sweep.firstFlagMs,
          sweepFlagged: sweep.flagged,
          sweepRounds: sweep.rounds,
        }),
      },
    };
    const checked = BenchResultsSchema.parse(results);
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(checked, null, 2)}\n`);
    return checked;
  } finally {
    trace?.stop();
    await server?.stop();
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(runFile + suffix, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
