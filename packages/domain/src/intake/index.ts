export * from './dedupKey';
export * from './planLead';
export * from './leadFlow';
