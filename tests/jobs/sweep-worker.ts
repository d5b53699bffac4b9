// A separate process sweeping the same database file: `tsx sweep-worker.ts <db> <nowIso> <startAtMs> <publicUrl>`.
import { openDatabase } from "@db/client.server";
import { sweepEscalations } from "~/services/escalation-sweep.server";
import { ManualClock } from "~/utils/clock";

const [file, nowIso, startAt, publicUrl] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(file);
// Both processes start sweeping at the same moment, so their transactions interleave.
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
const flagged: number[] = [];
for (let round = 0; round < 3; round++) {
  flagged.push(...sweepEscalations({ db, clock: new ManualClock(nowIso), env: { PUBLIC_URL: publicUrl } }, { batchSize: 1 }));
}
db.$client.close();
process.stdout.write(JSON.stringify(flagged));
