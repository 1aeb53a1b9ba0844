export * from './exportQuery';
export * from './queryDeps';
export * from './queryRoutes';
export * from './queryService';
export * from './startReadSide';
