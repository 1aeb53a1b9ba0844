import { decodeStoredEvent } from '@leadflow/contracts';
import type { RecordedEvent } from '@leadflow/eventstore';
import { emptyProjectedCustomer, evolveProjected, type ProjectedCustomer } from '@leadflow/projections';
import * as E from 'fp-ts/Either';

/**
 * The independent reference: the whole log up to the instant replayed in log order, every stream at once,
 * as the projection runner does it (merges look up the absorbed customer's document of that moment).
 */
export const documentsAsOf = (
  log: ReadonlyArray<RecordedEvent>,
  at: number,
): Map<string, ProjectedCustomer> => {
  const docs = new Map<string, ProjectedCustomer>();
  for (const recorded of log) {
    if (recorded.createdAt.getTime() > at) continue;
    const decoded = decodeStoredEvent(recorded);
    if (E.isLeft(decoded)) throw new Error(`undecodable ${recorded.type}`);
    const id = recorded.streamName.slice('customer-'.length);
    const doc = docs.get(id) ?? emptyProjectedCustomer(id, recorded.globalPosition.toString());
    docs.set(
      id,
      evolveProjected(doc, decoded.right, recorded.globalPosition.toString(), (other) => docs.get(other)),
    );
  }
  return docs;
};
