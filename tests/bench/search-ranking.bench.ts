// Which FTS5 set-up ranks better: on a fixed corpus of support threads and a fixed query set with
// judged answers, mean reciprocal rank (MRR) and precision at 1 for the porter table (the engine),
// the trigram table, and porter without field weights.
import Database from "better-sqlite3";
import { migrateDatabase, openDatabase } from "@db/client.server";
import { createSqliteFtsIndex, toMatchExpression } from "@search/sqlite-fts.server";
import { normalizeQuery, queryTerms } from "@search/query";
import { CORPUS } from "../search/corpus";

const EXTRA = [
  { id: 20, title: "Phone will not charge overnight", accepted: "Replace the charging cable; worn cables stop charging.", question: "The battery stays at 20 percent.", answers: "" },
  { id: 21, title: "Charges for calls to Spain", accepted: "", question: "International calling charges look wrong on my bill.", answers: "Check the call log." },
  { id: 22, title: "Connection drops on trains", accepted: "Turn on wifi calling; tunnels drop the mobile connection.", question: "Calls disconnect in tunnels.", answers: "" },
  { id: 23, title: "Disconnecting from the router every hour", accepted: "Update the router firmware to version 4.2.", question: "Laptop loses connection.", answers: "" },
  { id: 24, title: "Forgotten password for the app", accepted: "Use Reset password on the sign-in screen.", question: "I cannot sign in.", answers: "" },
  { id: 25, title: "Resetting voicemail PIN", accepted: "Dial 1571 and choose option 3 to reset the PIN.", question: "Voicemail asks for a PIN.", answers: "" },
];
const DOCS = [...CORPUS.map(({ id, title, accepted, question, answers }) => ({ id, title, accepted, question, answers })), ...EXTRA];

// Each query with the thread a person asking it wants.
const JUDGED: [string, number][] = [
  ["router", 1],
  ["phone not charging", 20],
  ["charging cable", 20],
  ["roaming charges", 5],
  ["calls disconnected in tunnels", 22],
  ["router disconnects", 23],
  ["reset password", 24],
  ["voicemail pin reset", 25],
  ["bill went up", 4],
  ["wifi calling", 3],
  ["slow evening speeds", 2],
  ["connection dropping", 22],
  ["无法连接", 7],
  ["パスワード", 8],
  ["international call charges", 21],
];

const SETUPS = [
  { name: "porter unicode61, weights 1/0.5/0.25/0.125 (the word table alone)", tokenize: "porter unicode61 remove_diacritics 2", rank: "bm25(1.0, 0.5, 0.25, 0.125)" },
  { name: "porter unicode61, no weights", tokenize: "porter unicode61 remove_diacritics 2", rank: "bm25" },
  { name: "porter unicode61, weights 8/4/2/1", tokenize: "porter unicode61 remove_diacritics 2", rank: "bm25(8.0, 4.0, 2.0, 1.0)" },
  { name: "unicode61 without stemming, weights 1/0.5/0.25/0.125", tokenize: "unicode61 remove_diacritics 2", rank: "bm25(1.0, 0.5, 0.25, 0.125)" },
  { name: "trigram, weights 1/0.5/0.25/0.125", tokenize: "trigram", rank: "bm25(1.0, 0.5, 0.25, 0.125)" },
];

async function shippedEngine() {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  const index = createSqliteFtsIndex(db);
  const byId = new Map(CORPUS.map((doc) => [doc.id, doc]));
  await index.upsert(DOCS.map((doc) => ({ ...(byId.get(doc.id) ?? CORPUS[0]!), ...doc, solved: false, votes: 0 })));
  let reciprocal = 0;
  let first = 0;
  for (const [query, wanted] of JUDGED) {
    const at = (await index.search({ q: query, limit: 10 })).hits.findIndex((hit) => hit.id === wanted);
    if (at >= 0) reciprocal += 1 / (at + 1);
    if (at === 0) first += 1;
  }
  console.log(`engine as shipped (porter table, trigram table for CJK queries): MRR ${(reciprocal / JUDGED.length).toFixed(2)}, P@1 ${first}/${JUDGED.length}`);
  db.$client.close();
}

export default async function bench() {
  await shippedEngine();
  for (const setup of SETUPS) {
    const db = new Database(":memory:");
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, accepted, question, answers, tokenize = '${setup.tokenize}')`);
    if (setup.rank !== "bm25") db.prepare("INSERT INTO t(t, rank) VALUES ('rank', ?)").run(setup.rank);
    const insert = db.prepare("INSERT INTO t(rowid, title, accepted, question, answers) VALUES (?, ?, ?, ?, ?)");
    for (const doc of DOCS) insert.run(doc.id, doc.title, doc.accepted, doc.question, doc.answers);
    const search = db.prepare("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10");
    let reciprocal = 0;
    let first = 0;
    for (const [query, wanted] of JUDGED) {
      const terms = queryTerms(normalizeQuery(query));
      const run = (any: boolean) => {
        try {
          return (search.all(toMatchExpression(terms, { any })) as { rowid: number }[]).map((row) => row.rowid);
        } catch {
          return [];
        }
      };
      const all = run(false);
      const ranked = all.length ? all : run(true);
      const at = ranked.indexOf(wanted);
      if (at >= 0) reciprocal += 1 / (at + 1);
      if (at === 0) first += 1;
    }
    console.log(`${setup.name}: MRR ${(reciprocal / JUDGED.length).toFixed(2)}, P@1 ${first}/${JUDGED.length}`);
    db.close();
  }
}
