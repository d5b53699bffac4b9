// A separate process writing to a live database as a busy server would: `node backup-writer.mjs <db>`.
// Plain JavaScript run by node itself, so SIGTERM reaches this handler with no wrapper in between.
// Each transaction adds 5 rows and raises a running total by 5, so a consistent copy has exactly as
// many rows as its total says; about a thousand transactions a second, like a busy forum. Prints "ready" after the first commit and, on SIGTERM, the number
// of rows it committed.
import Database from "better-sqlite3";

const db = new Database(process.argv[2], { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
const insert = db.prepare("INSERT INTO backup_probe_rows (payload) VALUES (randomblob(500))");
const raise = db.prepare("UPDATE backup_probe_total SET n = n + ? WHERE id = 1");
const commit = db.transaction((rows) => {
  for (let i = 0; i < rows; i++) insert.run();
  raise.run(rows);
});

let committed = 0;
let stopping = false;
process.on("SIGTERM", () => (stopping = true));
function write() {
  if (stopping) {
    db.close();
    process.stdout.write(`committed ${committed}\n`);
    return;
  }
  commit(5);
  committed += 5;
  if (committed === 5) process.stdout.write("ready\n");
  // Paced, so the database does not balloon while the backup command starts.
  setTimeout(write, 1);
}
write();
