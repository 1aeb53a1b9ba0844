export * from './state';
export * from './command';
export * from './stageChange';
export * from './evolve';
export * from './decide';
export * from './decideMerge';
