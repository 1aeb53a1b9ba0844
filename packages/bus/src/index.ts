export * from './bus';
export * from './retry';
export * from './memoryBus';
export * from './kafkaBus';
export * from './partitionBatch';
export * from './kafkaUnavailable';
