export * from './checkpoint';
export * from './lifecyclePublisher';
export * from './serviceRuntime';
