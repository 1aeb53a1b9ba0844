import type { CustomerEvent } from '@leadflow/contracts';
import { evolve, type CustomerState } from '@leadflow/domain';

/** Applies events in order. */
export const evolveAll = (state: CustomerState, events: ReadonlyArray<CustomerEvent>): CustomerState =>
  events.reduce(evolve, state);
