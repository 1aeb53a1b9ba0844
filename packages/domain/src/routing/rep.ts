import {
  currentRepSchemaVersion,
  type CausalMetadata,
  type RepEvent,
  type RepProfile,
  type RepTerritories,
} from '@leadflow/contracts';
import * as E from 'fp-ts/Either';

/** A sales rep as its `rep-<id>` stream folds: `empty` before it was registered. */
export type RepState =
  | { readonly status: 'empty' }
  | ({ readonly status: 'registered'; readonly repId: string; readonly registeredAt: string } & RepProfile);

/** Commands on one rep stream. */
export type RepCommand = { readonly metadata: CausalMetadata } & (
  | {
      readonly type: 'RegisterRep';
      readonly data: { readonly repId: string; readonly at: string } & RepProfile;
    }
  | {
      readonly type: 'UpdateRep';
      readonly data: { readonly repId: string; readonly changes: Partial<RepProfile>; readonly at: string };
    }
);

/** Why a rep command was refused. */
export type RepError =
  | { readonly type: 'RepAlreadyRegistered'; readonly repId: string }
  | { readonly type: 'RepNotFound'; readonly repId: string };

/** Decider `initialState` of a rep. */
export const initialRepState = (): RepState => ({ status: 'empty' });

/** Territories in a canonical form: ISO-2 countries upper case, offer keys lower case, sorted, distinct. */
export const normaliseTerritories = (territories: RepTerritories): RepTerritories => ({
  countries: [...new Set(territories.countries.map((c) => c.trim().toUpperCase()))].sort(),
  offers: [...new Set(territories.offers.map((o) => o.trim().toLowerCase()))].sort(),
});

/** Decider `evolve` of a rep. */
export const evolveRep = (state: RepState, event: RepEvent): RepState => {
  switch (event.type) {
    case 'RepRegistered': {
      const { repId, registeredAt, ...profile } = event.data;
      return { status: 'registered', repId, registeredAt, ...profile };
    }
    case 'RepUpdated':
      return state.status === 'empty' ? state : { ...state, ...event.data.changes };
  }
};

/** JSON with object keys sorted: a state read back from storage may list its keys in another order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

const profileOf = (state: Extract<RepState, { status: 'registered' }>): RepProfile => ({
  name: state.name,
  email: state.email,
  manager: state.manager,
  territories: state.territories,
  capacity: state.capacity,
  active: state.active,
});

/**
 * Decider `decide` of a rep. Registering the same profile again, or an update that changes nothing,
 * produces no event (a repeated request is safe).
 */
export const decideRep = (
  command: RepCommand,
  state: RepState,
): E.Either<RepError, ReadonlyArray<RepEvent>> => {
  const metadata = { ...command.metadata, schemaVersion: currentRepSchemaVersion.RepRegistered };
  switch (command.type) {
    case 'RegisterRep': {
      const { repId, at, ...profile } = command.data;
      const wanted = { ...profile, territories: normaliseTerritories(profile.territories) };
      if (state.status === 'registered')
        return sameValue(profileOf(state), wanted)
          ? E.right([])
          : E.left({ type: 'RepAlreadyRegistered', repId });
      return E.right([{ type: 'RepRegistered', data: { repId, registeredAt: at, ...wanted }, metadata }]);
    }
    case 'UpdateRep': {
      if (state.status === 'empty') return E.left({ type: 'RepNotFound', repId: command.data.repId });
      const asked: Partial<RepProfile> =
        command.data.changes.territories === undefined
          ? command.data.changes
          : { ...command.data.changes, territories: normaliseTerritories(command.data.changes.territories) };
      const current = profileOf(state) as Record<string, unknown>;
      const changes = Object.fromEntries(
        Object.entries(asked).filter(
          ([key, value]) => value !== undefined && !sameValue(current[key], value),
        ),
      ) as Partial<RepProfile>;
      if (Object.keys(changes).length === 0) return E.right([]);
      return E.right([
        {
          type: 'RepUpdated',
          data: { repId: state.repId, changes, updatedAt: command.data.at },
          metadata: { ...command.metadata, schemaVersion: currentRepSchemaVersion.RepUpdated },
        },
      ]);
    }
  }
};
