export * from './buildIngestApp';
export * from './metrics';
export * from './rawLeadConsumer';
