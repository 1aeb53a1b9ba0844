import type { CausalMetadata, CustomerEvent, MatchRule } from '@leadflow/contracts';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { DomainError } from './command';
import { decide } from './decide';
import type { CustomerState } from './state';

/** The events of one merge: CustomerMerged for the survivor's stream, CustomerMergedInto for the merged one's. */
export type MergeEvents = {
  readonly survivor: ReadonlyArray<CustomerEvent>;
  readonly merged: ReadonlyArray<CustomerEvent>;
};

/** Decides a merge of `merged` into `survivor` (the older customer), linked by `leadId` through `rule`. */
export const decideMerge = (
  survivor: CustomerState,
  merged: CustomerState,
  link: { readonly rule: MatchRule; readonly leadId: string; readonly mergedAt: string },
  metadata: CausalMetadata,
): E.Either<DomainError, MergeEvents> =>
  pipe(
    decide(
      { type: 'AbsorbCustomer', data: { customerId: survivor.customerId, merged, ...link }, metadata },
      survivor,
    ),
    E.chain((survivorEvents) =>
      pipe(
        decide(
          {
            type: 'MarkMergedInto',
            data: { customerId: merged.customerId, survivorId: survivor.customerId, ...link },
            metadata,
          },
          merged,
        ),
        E.map((mergedEvents) => ({ survivor: survivorEvents, merged: mergedEvents })),
      ),
    ),
  );
