// Measures the two safe global-ordering techniques on the real server (see src/postgres/schema.ts).
// node packages/eventstore/bench/orderingBench.mjs [writers] [appendsPerWriter]
import pg from 'pg';
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const writers = Number(process.argv[2] ?? 8);
const perWriter = Number(process.argv[3] ?? 1000);

const ddl = (s, technique, notify) => `
DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s};
CREATE TABLE ${s}.streams (stream_name text PRIMARY KEY, revision bigint NOT NULL);
CREATE SEQUENCE ${s}.seq;
CREATE TABLE ${s}.events (global_position bigint PRIMARY KEY, transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_name text NOT NULL, stream_revision bigint NOT NULL, event_id text NOT NULL, data jsonb NOT NULL,
  UNIQUE (stream_name, stream_revision), UNIQUE (stream_name, event_id));
CREATE FUNCTION ${s}.append(p_stream text, p_events jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_rev bigint; n int := jsonb_array_length(p_events);
BEGIN
  LOOP
    SELECT revision INTO v_rev FROM ${s}.streams WHERE stream_name = p_stream FOR UPDATE;
    EXIT WHEN FOUND;
    INSERT INTO ${s}.streams VALUES (p_stream, -1) ON CONFLICT DO NOTHING;
  END LOOP;
  UPDATE ${s}.streams SET revision = v_rev + n WHERE stream_name = p_stream;
  ${technique === 'lock' ? `PERFORM pg_advisory_xact_lock(hashtext('${s}'));` : ''}
  INSERT INTO ${s}.events (global_position, stream_name, stream_revision, event_id, data)
  SELECT ${technique === 'lock' ? `nextval('${s}.seq')` : `(pg_current_xact_id()::text::bigint << 20) + e.ord - 1`},
    p_stream, v_rev + e.ord, e.ev->>'id', e.ev->'data'
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(ev, ord);
  ${notify ? `PERFORM pg_notify('${s}', '');` : ''}
  RETURN v_rev + n;
END $$;`;

const readSql = (s, technique) =>
  technique === 'lock'
    ? `SELECT global_position::text AS p FROM ${s}.events WHERE global_position > $1::bigint ORDER BY global_position LIMIT 500`
    : `SELECT global_position::text AS p FROM ${s}.events WHERE global_position > $1::bigint
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY global_position LIMIT 500`;

async function run(technique, notify) {
  const s = `bench_${technique}_${notify ? 'n' : 'x'}`;
  const pool = new pg.Pool({ connectionString: url, max: writers + 1 });
  await pool.query(ddl(s, technique, notify));
  const total = writers * perWriter;
  let done = false;
  let seen = 0,
    maxLag = 0;
  const reader = (async () => {
    let last = 0n;
    while (seen < total) {
      const { rows } = await pool.query(readSql(s, technique), [last.toString()]);
      for (const r of rows) {
        const p = BigInt(r.p);
        if (p <= last) throw new Error('order');
        last = p;
        seen++;
      }
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const t0 = performance.now();
  const lat = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const c = await pool.connect();
      for (let i = 0; i < perWriter; i++) {
        const t = performance.now();
        const id = `${w}-${i}`;
        await c.query(`SELECT ${s}.append($1, $2::jsonb)`, [
          `s-${(w * 7919 + i) % 500}`,
          JSON.stringify([{ id, data: { w, i } }]),
        ]);
        lat.push(performance.now() - t);
      }
      c.release();
    }),
  );
  const writeMs = performance.now() - t0;
  await reader;
  const allMs = performance.now() - t0;
  done = true;
  lat.sort((a, b) => a - b);
  console.log(
    `${technique.padEnd(4)} notify=${notify ? 'y' : 'n'}: ${total} appends ${writeMs.toFixed(0)} ms = ${((total / writeMs) * 1000).toFixed(0)}/s, ` +
      `p50 ${lat[Math.floor(lat.length / 2)].toFixed(2)} ms p99 ${lat[Math.floor(lat.length * 0.99)].toFixed(2)} ms, reader done +${(allMs - writeMs).toFixed(0)} ms, seen ${seen}`,
  );
  await pool.query(`DROP SCHEMA ${s} CASCADE`);
  await pool.end();
  void done;
  void maxLag;
}
for (let round = 0; round < 3; round++)
  for (const t of ['lock', 'xid']) for (const n of [true, false]) await run(t, n);
