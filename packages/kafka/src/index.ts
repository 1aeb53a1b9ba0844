export * from './kafkaClient';
