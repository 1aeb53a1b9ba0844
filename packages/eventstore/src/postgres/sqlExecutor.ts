/** Hints for one statement. */
export interface QueryOptions {
  /**
   * A hot statement whose plan does not depend on its parameters' values (key lookups, inserts):
   * a driver that can keep it parsed and planned per connection does so (pg: a named prepared
   * statement); others ignore the hint.
   */
  readonly prepare?: boolean;
}

/**
 * The tiny seam that lets one set of SQL texts and one append/read logic run on both `pg` (a Pool)
 * and PGlite (embedded, single connection).
 */
export interface SqlExecutor {
  /**
   * Whether other processes can write to the same database. If not (PGlite), appends wake this
   * process's subscribers directly and LISTEN/NOTIFY round trips are skipped.
   */
  readonly sharedWithOtherProcesses: boolean;
  /** One statement with `$n` parameters; rows as the driver parses them (cast int8 to text in SQL). */
  query<Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` (a dedicated connection for pg); the returned function stops listening.
   * `onLost`: the server closed that connection (once; never after the returned function ran).
   */
  listen(
    channel: string,
    onNotify: () => void,
    onLost?: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  /** Releases what the executor owns (the pool or the database it created). */
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

/** Checks a schema name before it is spliced into SQL text (it cannot be a bind parameter). */
export const assertSchemaName = (schema: string): string => {
  if (!IDENTIFIER.test(schema))
    throw new TypeError(`Invalid schema name "${schema}": use [a-z_][a-z0-9_]{0,47}`);
  return schema;
};
