// kafkajs errors that say the cluster could not be reached or did not answer in time (by name: the
// NumberOfRetriesExceeded one wraps what its client retried, which is connection trouble in practice).
const UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
]);

/** True when a kafkajs error says the brokers were unreachable, not that the request was wrong. */
export const isKafkaUnavailable = (error: unknown): boolean =>
  error instanceof Error && UNAVAILABLE.has(error.name);
