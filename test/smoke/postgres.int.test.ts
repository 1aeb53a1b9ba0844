import { Client } from 'pg';

// Proves the run talks to a real PostgreSQL, in a database of its own, with real transactions.
describe('PostgreSQL (smoke)', () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });

  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('runs in a database of this run, not a shared one', async () => {
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0]?.db).toMatch(/^leadflow_test_/);
  });

  it('rolls back and commits transactions', async () => {
    // Given a table
    await client.query('CREATE TABLE smoke_round_trip (id int PRIMARY KEY, note text NOT NULL)');
    // When one transaction rolls back and another commits
    await client.query('BEGIN');
    await client.query("INSERT INTO smoke_round_trip VALUES (1, 'rolled back')");
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await client.query("INSERT INTO smoke_round_trip VALUES (2, 'ünïcødé ✓')");
    await client.query('COMMIT');
    // Then only the committed row is there, unicode intact
    const { rows } = await client.query('SELECT id, note FROM smoke_round_trip ORDER BY id');
    expect(rows).toEqual([{ id: 2, note: 'ünïcødé ✓' }]);
    // And a unique violation is a real error
    await expect(client.query("INSERT INTO smoke_round_trip VALUES (2, 'again')")).rejects.toThrow(
      /duplicate key/,
    );
  });
});
