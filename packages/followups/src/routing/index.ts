export * from './routingTables';
export * from './router';
export * from './assignTasks';
export * from './repCommands';
export * from './reassignTask';
