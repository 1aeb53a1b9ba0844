export * from './queryDeps';
export * from './queryRoutes';
export * from './startReadSide';
