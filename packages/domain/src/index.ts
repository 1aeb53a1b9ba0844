export * from './normalise';
export * from './identity';
export * from './funnel';
export * from './customer';
export * from './followup';
export * from './intake';
export * from './routing';
