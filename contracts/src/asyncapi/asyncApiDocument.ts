import * as t from 'io-ts';
import { jsonSchemaOf } from '../codec/jsonSchemaOf';
import type { JsonSchema } from '../codec/schemaCodec';
import {
  BusMessageHeaders,
  DeadLetterHeaders,
  MESSAGE_ID_HEADER,
  RawLeadHeaders,
  RawLeadRejectionHeaders,
} from '../envelope/headers';
import {
  FollowUpMessageTypes,
  ReferralNotedMessage,
  TASK_ESCALATED_TYPE,
  TaskEscalatedMessage,
  followUpMessageCodec,
  lifecycleMessageCodec,
  type FollowUpMessageEventType,
} from '../envelope/messages';
import { Topics, dlqTopic } from '../envelope/topics';
import { currentSchemaVersion, type CustomerEventType } from '../events/customerEvent';
import { RAW_LEAD_V1, rawLeadV1Definition } from '../lead/canonicalRawLead';
import { messageDescriptions } from './messageDescriptions';

/** Where the generated document is committed, relative to `contracts/`. */
export const ASYNCAPI_FILE = 'asyncapi.json';

const KAFKA_BINDING = '0.5.0';
const ref = (pointer: string) => ({ $ref: pointer });

const CUSTOMER_KEY = {
  bindings: {
    kafka: { key: { type: 'string', description: 'The customer id.' }, bindingVersion: KAFKA_BINDING },
  },
};

/** One message object: payload and headers from codecs, key and correlation as leadflow sets them. */
const cloudEventMessage = (name: string, codec: t.Any, summary: string) => ({
  name,
  title: name,
  summary,
  contentType: 'application/json',
  headers: jsonSchemaOf(BusMessageHeaders),
  payload: jsonSchemaOf(codec),
  correlationId: {
    description: 'The request or message that started the chain (the inbound lead id, for example).',
    location: '$message.payload#/correlationid',
  },
  ...CUSTOMER_KEY,
});

// A dead letter keeps the message's own headers beside what its writer adds: one object schema of both.
const headersWith = (kept: t.Mixed, added: t.Mixed): JsonSchema =>
  jsonSchemaOf(t.intersection([kept, added]));

const lifecycleEventTypes = Object.keys(currentSchemaVersion) as CustomerEventType[];
const followUpEventTypes = Object.keys(FollowUpMessageTypes) as FollowUpMessageEventType[];

const components = () => ({
  messages: {
    RawLead: {
      name: RAW_LEAD_V1,
      title: 'Canonical raw lead',
      summary: messageDescriptions.rawLead,
      contentType: 'application/json',
      headers: jsonSchemaOf(RawLeadHeaders),
      payload: { title: RAW_LEAD_V1, ...rawLeadV1Definition.schema },
      correlationId: { location: '$message.header#/correlation-id' },
      bindings: {
        kafka: {
          key: { type: 'string', description: 'Any key; kept when the lead is dead-lettered.' },
          bindingVersion: KAFKA_BINDING,
        },
      },
    },
    RejectedRawLead: {
      name: 'leadflow.raw-lead.rejected',
      title: 'Rejected raw lead',
      summary: messageDescriptions.rejectedRawLead,
      headers: headersWith(RawLeadHeaders, RawLeadRejectionHeaders),
      payload: { description: 'The rejected message value, byte for byte (it may not be JSON).' },
    },
    ...Object.fromEntries(
      lifecycleEventTypes.map((type) => [
        `Lifecycle${type}`,
        cloudEventMessage(
          `leadflow.customer.${type}`,
          lifecycleMessageCodec(type),
          messageDescriptions.lifecycle[type],
        ),
      ]),
    ),
    DeadLetteredLifecycleMessage: {
      name: 'leadflow.lifecycle.dead-lettered',
      title: 'Dead-lettered lifecycle message',
      summary: messageDescriptions.deadLettered,
      // The failed message's own headers are kept: its message-id when leadflow wrote it.
      headers: headersWith(t.partial(BusMessageHeaders.props), DeadLetterHeaders),
      payload: { description: 'The failed message value, byte for byte (usually a lifecycle CloudEvent).' },
      ...CUSTOMER_KEY,
    },
    ...Object.fromEntries(
      followUpEventTypes.map((type) => [
        `FollowUp${type}`,
        cloudEventMessage(
          FollowUpMessageTypes[type],
          followUpMessageCodec(type),
          messageDescriptions.followUp[type],
        ),
      ]),
    ),
    FollowUpTaskEscalated: cloudEventMessage(
      TASK_ESCALATED_TYPE,
      TaskEscalatedMessage,
      messageDescriptions.taskEscalated,
    ),
    FollowUpReferralNoted: cloudEventMessage(
      'leadflow.followup.referral-noted.v1',
      ReferralNotedMessage,
      messageDescriptions.referralNoted,
    ),
  },
});

/** A channel per topic; `address` is the topic name before the configured prefix. */
const channel = (address: string, description: string, messageNames: ReadonlyArray<string>) => ({
  address,
  description: `${description} On the cluster the topic is named LEADFLOW_KAFKA_TOPIC_PREFIX + "${address}".`,
  messages: Object.fromEntries(messageNames.map((name) => [name, ref(`#/components/messages/${name}`)])),
  bindings: { kafka: { topic: address, bindingVersion: KAFKA_BINDING } },
});

const lifecycleMessages = lifecycleEventTypes.map((type) => `Lifecycle${type}`);
const followUpMessages = [
  ...followUpEventTypes.map((type) => `FollowUp${type}`),
  'FollowUpTaskEscalated',
  'FollowUpReferralNoted',
];

const channels = () => ({
  leadsRaw: channel(Topics.raw, 'Inbound canonical raw leads from producers other than the HTTP API.', [
    'RawLead',
  ]),
  leadsRawDlq: channel(
    dlqTopic(Topics.raw),
    'Raw leads the write path rejected, with the reason in headers.',
    ['RejectedRawLead'],
  ),
  leadsLifecycle: channel(
    Topics.lifecycle,
    'Every stored customer event, in stream order per customer (key = customer id, message id = event id). ' +
      'An event stored at an older schema version is published as stored, its version in the CloudEvent type; ' +
      'consumers lift it with the same upcasters the store uses.',
    lifecycleMessages,
  ),
  leadsLifecycleDlq: channel(
    dlqTopic(Topics.lifecycle),
    'Lifecycle messages the follow-up consumer could not handle within its retries.',
    ['DeadLetteredLifecycleMessage'],
  ),
  leadsFollowups: channel(
    Topics.followups,
    'Follow-up tasks scheduled, assigned, at risk, completed, overdue and escalated, and referrals noted, for CRM and email integrations.',
    followUpMessages,
  ),
});

/** An operation of leadflow on a channel, with every message of that channel. */
const operation = (
  action: 'send' | 'receive',
  channelName: string,
  messageNames: ReadonlyArray<string>,
  summary: string,
  groupId?: string,
) => ({
  action,
  channel: ref(`#/channels/${channelName}`),
  summary,
  messages: messageNames.map((name) => ref(`#/channels/${channelName}/messages/${name}`)),
  ...(groupId === undefined
    ? {}
    : {
        bindings: {
          kafka: {
            groupId: {
              type: 'string',
              enum: [groupId],
              description: 'The consumer group, after LEADFLOW_KAFKA_TOPIC_PREFIX.',
            },
            bindingVersion: KAFKA_BINDING,
          },
        },
      }),
});

const operations = () => ({
  consumeRawLeads: operation(
    'receive',
    'leadsRaw',
    ['RawLead'],
    'leadflow with LEADFLOW_BUS=kafka: each lead goes through the same write path as POST /v1/leads.',
    'leadflow-ingest',
  ),
  deadLetterRawLeads: operation(
    'send',
    'leadsRawDlq',
    ['RejectedRawLead'],
    'leadflow: a lead the write path rejects, with its key, value and headers as read.',
  ),
  publishLifecycle: operation(
    'send',
    'leadsLifecycle',
    lifecycleMessages,
    'The publisher (in leadflow, or the separate publisher service): every stored event, after it is stored.',
  ),
  consumeLifecycle: operation(
    'receive',
    'leadsLifecycle',
    lifecycleMessages,
    'The follow-up consumer (in leadflow, or the separate followups service): the follow-up policy.',
    'leadflow-followups',
  ),
  deadLetterLifecycle: operation(
    'send',
    'leadsLifecycleDlq',
    ['DeadLetteredLifecycleMessage'],
    'The follow-up consumer: a message still failing after its retries (not on a database or broker outage).',
  ),
  publishFollowUps: operation(
    'send',
    'leadsFollowups',
    followUpMessages,
    'The follow-up consumer and the overdue scanner: task events and referrals.',
  ),
});

/** The AsyncAPI 3.0.0 document of leadflow's Kafka topics, payload and header schemas derived from the codecs. */
export const buildAsyncApiDocument = () => ({
  asyncapi: '3.0.0',
  info: {
    title: 'leadflow',
    version: '0.1.0',
    description:
      'The Kafka topics of leadflow, an event-sourced lead lifecycle engine. Generated by ' +
      'contracts/scripts/generateAsyncApi.ts from the io-ts codecs the code decodes and encodes with; do not edit. ' +
      'Every topic and consumer group name is prefixed with LEADFLOW_KAFKA_TOPIC_PREFIX (empty by default). ' +
      `Lifecycle and follow-up messages are CloudEvents 1.0 in structured JSON mode; the Kafka header "${MESSAGE_ID_HEADER}" ` +
      'carries the CloudEvent id, and the key is the customer id, so one customer’s messages stay in order.',
  },
  defaultContentType: 'application/json',
  servers: {
    kafka: {
      host: '{brokers}',
      protocol: 'kafka',
      description: 'The brokers leadflow is configured with.',
      variables: {
        brokers: {
          description: 'KAFKA_BROKERS: comma-separated host:port entries.',
          examples: ['127.0.0.1:9092'],
        },
      },
    },
  },
  channels: channels(),
  operations: operations(),
  components: components(),
});

/** The document file's exact text: two-space JSON with a final newline. */
export const renderAsyncApiDocument = (): string => `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`;
