// A separate process sending digests from the same database file: `tsx digest-worker.ts <db> <nowIso> <startAtMs> <publicUrl>`.
import { openDatabase } from "@db/client.server";
import { sendDailyDigests } from "~/services/member-digest.server";
import { ManualClock } from "~/utils/clock";

const [file, nowIso, startAt, publicUrl] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase(file);
// Both processes start at the same moment, so their transactions interleave.
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
let digests = 0;
for (let round = 0; round < 2; round++) digests += sendDailyDigests({ db, clock: new ManualClock(nowIso), env: { PUBLIC_URL: publicUrl } }).digests;
db.$client.close();
process.stdout.write(JSON.stringify(digests));
