import type { SqlExecutor } from '@leadflow/eventstore';

/** The stored checkpoint of a projection in a read schema: the last applied global position, or 'start'. */
export const readCheckpoint = async (
  executor: SqlExecutor,
  s: string,
  name: string,
  lock: '' | 'FOR UPDATE' = '',
): Promise<bigint | 'start'> => {
  const rows = await executor.query<{ position: string }>(
    `SELECT position::text AS position FROM ${s}.checkpoint WHERE name = $1 ${lock}`,
    [name],
  );
  const position = rows[0]?.position;
  return position === undefined || position === '-1' ? 'start' : BigInt(position);
};

/** Moves the checkpoint; called in the same transaction as the batch's writes. */
export const writeCheckpoint = async (
  tx: SqlExecutor,
  s: string,
  name: string,
  position: bigint,
): Promise<void> => {
  await tx.query(`UPDATE ${s}.checkpoint SET position = $2::bigint, updated_at = now() WHERE name = $1`, [
    name,
    position.toString(),
  ]);
};
