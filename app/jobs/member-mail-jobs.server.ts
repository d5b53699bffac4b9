import { sendDailyDigests } from "~/services/member-digest.server";
import type { PeriodicTask } from "./types";

/**
 * The daily digest. It runs often, but each member gets at most one per UTC day (the first sweep
 * after midnight sends it), so a restart, a second process or `npm run jobs:run-once` from cron
 * at any hour never sends it twice.
 */
export const DAILY_DIGEST_TASK: PeriodicTask = {
  name: "daily-digests",
  everyMs: 15 * 60_000,
  run: (deps) => {
    const { digests, members } = sendDailyDigests(deps);
    return `${digests} digest${digests === 1 ? "" : "s"} queued (${members} member${members === 1 ? "" : "s"} due today)`;
  },
};
