import { initialState, type CustomerState } from './state';

const USUAL_KEYS = Object.keys(initialState());

/** Whether `state` has exactly the own properties of `initialState()`, in its order (every state evolve builds). */
const hasUsualShape = (state: CustomerState): boolean => {
  const keys = Object.keys(state);
  if (keys.length !== USUAL_KEYS.length) return false;
  for (let i = 0; i < keys.length; i += 1) if (keys[i] !== USUAL_KEYS[i]) return false;
  return Object.getOwnPropertySymbols(state).length === 0;
};

const USUAL_KEY_SET: ReadonlySet<string> = new Set(USUAL_KEYS);

const onlyUsualKeys = (changes: Partial<CustomerState>): boolean => {
  for (const key of Object.keys(changes)) if (!USUAL_KEY_SET.has(key)) return false;
  return Object.getOwnPropertySymbols(changes).length === 0;
};

/**
 * `{ ...state, ...changes }`, built as one literal for a state of the usual shape: V8 clones
 * through a spread slowly once states have taken several hidden classes. Other states are spread.
 */
export const withChanges = (state: CustomerState, changes: Partial<CustomerState>): CustomerState => {
  if (!hasUsualShape(state) || !onlyUsualKeys(changes)) return { ...state, ...changes };
  const c = changes as CustomerState;
  return {
    status: 'status' in c ? c.status : state.status,
    mergedInto: 'mergedInto' in c ? c.mergedInto : state.mergedInto,
    stage: 'stage' in c ? c.stage : state.stage,
    customerId: 'customerId' in c ? c.customerId : state.customerId,
    createdAt: 'createdAt' in c ? c.createdAt : state.createdAt,
    aliases: 'aliases' in c ? c.aliases : state.aliases,
    identity: 'identity' in c ? c.identity : state.identity,
    leadIds: 'leadIds' in c ? c.leadIds : state.leadIds,
    realLeadCount: 'realLeadCount' in c ? c.realLeadCount : state.realLeadCount,
    testLeadCount: 'testLeadCount' in c ? c.testLeadCount : state.testLeadCount,
    unrecognizedLeadCount:
      'unrecognizedLeadCount' in c ? c.unrecognizedLeadCount : state.unrecognizedLeadCount,
    optedOut: 'optedOut' in c ? c.optedOut : state.optedOut,
    marketplaceStage: 'marketplaceStage' in c ? c.marketplaceStage : state.marketplaceStage,
    salesStage: 'salesStage' in c ? c.salesStage : state.salesStage,
    stageHistory: 'stageHistory' in c ? c.stageHistory : state.stageHistory,
    tasks: 'tasks' in c ? c.tasks : state.tasks,
    firstActionableLeadAt:
      'firstActionableLeadAt' in c ? c.firstActionableLeadAt : state.firstActionableLeadAt,
    firstContactAt: 'firstContactAt' in c ? c.firstContactAt : state.firstContactAt,
    lastActivityAt: 'lastActivityAt' in c ? c.lastActivityAt : state.lastActivityAt,
    owner: 'owner' in c ? c.owner : state.owner,
    missedLeads: 'missedLeads' in c ? c.missedLeads : state.missedLeads,
    contactableByLead: 'contactableByLead' in c ? c.contactableByLead : state.contactableByLead,
    erased: 'erased' in c ? c.erased : state.erased,
    country: 'country' in c ? c.country : state.country,
  };
};
