// Cleanup benchmark for @sessionkit/store-sql on PostgreSQL (not a test): fills a table with
// 1,000,000 expired sessions (one generate_series insert) plus live ones, then times
// `store.cleanup()`, reporting rows per second, the number of batches and how long the longest
// single DELETE took (the longest any lock is held).
//
//   pnpm services   # PostgreSQL on 127.0.0.1:5433, unless PG_URL points elsewhere
//   node --conditions=@sessionkit/source --import tsx bench/sql-cleanup.mjs
//
// Environment: PG_URL, ROWS (default 1000000), LIVE (default 10000), BATCH (default 5000;
// a comma-separated list runs each size on a fresh fill).
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { createSessionTable, SqlStore } from "../packages/store-sql/src/index.ts";

// knex and pg are dependencies of the store package, not of the bench package.
const require = createRequire(new URL("../packages/store-sql/package.json", import.meta.url));
const knex = require("knex");

const url = process.env.PG_URL || "postgres://postgres@127.0.0.1:5433/postgres";
const rows = Number(process.env.ROWS || 1_000_000);
const live = Number(process.env.LIVE || 10_000);
const batchSizes = String(process.env.BATCH || 5_000)
  .split(",")
  .map(Number);

const db = knex({ client: "pg", connection: url, pool: { min: 1, max: 2 } });
const table = `bench_cleanup_${randomUUID().replaceAll("-", "").slice(0, 8)}`;

/** Fills the table in one statement each for expired and live rows, timed. */
async function fill() {
  const now = Date.now();
  const started = performance.now();
  // 43-character ids like real ones; expiry spread over the past hour; a third belong to users.
  const insert = (count, offset, expires) =>
    db.raw(
      `insert into ?? (id, user_id, data, meta, created_at, last_active_at, expires_at, version)
       select substr(md5(g::text || ?) || md5(g::text), 1, 43),
              case when g % 3 = 0 then 'user-' || (g % 5000) end,
              '{"n":' || g || ',"cart":["a","b"]}', '{"ip":"127.0.0.1"}',
              ?::bigint - 7200000, ?::bigint - 3600000, ${expires}, 1
         from generate_series(?::int, ?::int) g`,
      [table, table, now, now, offset + 1, offset + count],
    );
  await insert(rows, 0, `${now}::bigint - 1000 - (g % 3600000)`);
  await insert(live, rows, `${now}::bigint + 3600000 + g`);
  await db.raw("analyze ??", [table]);
  return performance.now() - started;
}

/** Runs cleanup once, timing every DELETE through knex's query events. */
async function timeCleanup(batchSize) {
  const store = new SqlStore({ knex: db, tableName: table, cleanupBatchSize: batchSize });
  const starts = new Map();
  const durations = [];
  const onQuery = (q) => starts.set(q.__knexQueryUid, performance.now());
  const onResponse = (_response, q) =>
    durations.push(performance.now() - (starts.get(q.__knexQueryUid) ?? Number.NaN));
  db.on("query", onQuery).on("query-response", onResponse);
  const started = performance.now();
  const deleted = await store.cleanup();
  const total = performance.now() - started;
  db.off("query", onQuery).off("query-response", onResponse);
  const [{ count }] = await db(table).count({ count: "*" });
  return { deleted, total, durations, remaining: Number(count) };
}

const round = (n, digits = 1) => Number(n.toFixed(digits));

try {
  await createSessionTable(db, { tableName: table });
  const [{ version }] = (await db.raw("select version()")).rows;
  console.log(`PostgreSQL: ${version.split(",")[0]}`);
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
  for (const batchSize of batchSizes) {
    await db(table).del();
    const fillMs = await fill();
    const { deleted, total, durations, remaining } = await timeCleanup(batchSize);
    const sorted = [...durations].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      JSON.stringify({
        batchSize,
        expiredRows: rows,
        liveRows: live,
        fillSeconds: round(fillMs / 1000, 2),
        deleted,
        correct: deleted === rows && remaining === live,
        cleanupSeconds: round(total / 1000, 2),
        rowsPerSecond: Math.round(deleted / (total / 1000)),
        batches: durations.length,
        batchMsMedian: round(p50),
        batchMsMax: round(sorted.at(-1) ?? 0),
      }),
    );
  }
} finally {
  await db.schema.dropTableIfExists(table);
  await db.destroy();
}
