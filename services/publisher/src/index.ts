export * from './checkpoint';
export * from './lifecyclePublisher';
export * from './publisherService';
export * from './serviceRuntime';
