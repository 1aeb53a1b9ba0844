/** Kafka topic names. */
export const Topics = {
  /** Inbound canonical raw leads. */
  raw: 'leads.raw',
  /** Every stored event, keyed by customer id, message id = event id. */
  lifecycle: 'leads.lifecycle',
  /** Follow-up task scheduled / completed / overdue, for CRM and email integrations. */
  followups: 'leads.followups',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

/** The dead-letter topic of a consumed topic: `<topic>.dlq`. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;
