// Issue 11: index updates drained in the same loop as mail and webhooks, after them, so a mail
// server that never greets held every new thread out of search for the greeting timeout. Search
// now drains in a lane of its own; this proves it by the order of events, not by timing.
import net, { type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobs } from "@db/schema";
import type { SearchIndex } from "@search/types";
import { defaultRegistry, startScheduler, type Scheduler } from "~/jobs/scheduler.server";
import { createMailer } from "~/services/mail.server";
import { enqueueMail, MAIL_JOB } from "~/services/mail-outbox.server";
import { makeUser } from "../factories";
import { ask, makeCategory } from "../qa-helpers";
import { createTestDeps, type TestDeps } from "../setup/deps";

/** A TCP server that accepts connections and never says a word, like a wedged SMTP server. */
async function startMuteSmtp() {
  const sockets = new Set<net.Socket>();
  let connected!: () => void;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    smtpUrl: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstConnection,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("the search lane", () => {
  let deps: TestDeps | undefined;
  let scheduler: Scheduler | undefined;
  let mute: Awaited<ReturnType<typeof startMuteSmtp>> | undefined;
  afterEach(async () => {
    // Cutting the mute server off fails the send at once, so the scheduler stops without waiting.
    await mute?.close();
    await scheduler?.stop();
    deps?.mailer.close();
    deps?.db.$client.close();
    vi.restoreAllMocks();
  });

  it("indexes a new thread while a mail job is stuck on an SMTP server that never greets", async () => {
    mute = await startMuteSmtp();
    const base = createTestDeps({ mailer: createMailer({ smtpUrl: mute.smtpUrl, from: "Peerdesk <community@peerdesk.test>", mailDir: "unused" }) });
    let indexedThread!: (id: number) => void;
    const indexed = new Promise<number>((resolve) => (indexedThread = resolve));
    const search: SearchIndex = {
      ...base.search,
      async upsert(documents) {
        await base.search.upsert(documents);
        for (const doc of documents) indexedThread(doc.id);
      },
    };
    deps = { ...base, search };
    const asker = await makeUser(deps);
    // The mail is queued first, so a single loop would reach it before the index update.
    deps.db.transaction((tx) => enqueueMail(tx as never, deps!.clock, { to: "sam@peerdesk.test", subject: "Hello", text: "Hi" }));
    const thread = ask(deps, asker, makeCategory(deps.db), { title: "Roaming stopped after the update" });

    scheduler = startScheduler(deps, defaultRegistry(), { pollMs: 10, stopTimeoutMs: 5_000 });
    await mute.firstConnection; // the send is under way, waiting for a greeting that never comes
    expect(await indexed).toBe(thread.id);

    // When the thread was indexed, the mail was still waiting on the silent server.
    expect(mute.openConnections()).toBe(1);
    const mail = deps.db.select().from(jobs).where(eq(jobs.kind, MAIL_JOB)).get()!;
    expect(mail).toMatchObject({ attempts: 1, doneAt: null, lastError: null });
    expect((await deps.search.search({ q: "roaming" })).hits.map((hit) => hit.id)).toEqual([thread.id]);
  });
});
