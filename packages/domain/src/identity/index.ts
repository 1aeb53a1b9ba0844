export * from './identitySummary';
export * from './identityKeys';
export * from './matchRule';
export * from './persistentMap';
export * from './identityIndex';
export * from './resolve';
