import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { ASYNCAPI_FILE, renderAsyncApiDocument } from './asyncApiDocument';
import { dlqTopic, Topics } from '../envelope/topics';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const committed = readFileSync(path.resolve(__dirname, '../..', ASYNCAPI_FILE), 'utf8');
const doc = JSON.parse(committed) as Obj;

const isObj = (value: Json | undefined): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const obj = (value: Json | undefined, where: string): Obj => {
  if (!isObj(value)) throw new Error(`${where} is not an object`);
  return value;
};

/** Follows a local JSON pointer (`#/a/b`, RFC 6901 escapes) through the document. */
const resolve = (pointer: string): Json | undefined => {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json | undefined>((node, key) => (isObj(node) ? node[key] : undefined), doc);
};

/** Every `$ref` in the document with where it sits. */
const refsOf = (node: Json, at: string): Array<{ at: string; ref: string }> => {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsOf(item, `${at}/${i}`));
  if (!isObj(node)) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsOf(value, `${at}/${key}`),
  );
};

describe('the AsyncAPI document', () => {
  it('is committed as the generator writes it (pnpm contracts:generate)', () => {
    expect(committed).toBe(renderAsyncApiDocument());
  });

  it('is an AsyncAPI 3.0.0 document whose every $ref resolves', () => {
    expect(doc['asyncapi']).toBe('3.0.0');
    const info = obj(doc['info'], 'info');
    expect(typeof info['title']).toBe('string');
    expect(typeof info['version']).toBe('string');
    const refs = refsOf(doc, '#');
    expect(refs.length).toBeGreaterThan(20);
    for (const { at, ref } of refs)
      expect({ at, ref, resolves: resolve(ref) !== undefined }).toEqual({ at, ref, resolves: true });
  });

  it('has a channel per topic and DLQ, and operations that use only their own channel’s messages', () => {
    const channels = obj(doc['channels'], 'channels');
    const addresses = Object.values(channels).map((c) => obj(c, 'channel')['address']);
    expect(addresses.sort()).toEqual(
      [
        Topics.raw,
        dlqTopic(Topics.raw),
        Topics.lifecycle,
        dlqTopic(Topics.lifecycle),
        Topics.followups,
      ].sort(),
    );
    for (const [name, channel] of Object.entries(channels)) {
      for (const message of Object.values(obj(obj(channel, name)['messages'], `${name} messages`)))
        expect(String(obj(message, name)['$ref'])).toMatch(/^#\/components\/messages\/\w+$/);
    }
    const operations = Object.entries(obj(doc['operations'], 'operations'));
    expect(operations.length).toBeGreaterThan(0);
    for (const [name, value] of operations) {
      const operation = obj(value, name);
      expect(['send', 'receive']).toContain(operation['action']);
      const channelRef = String(obj(operation['channel'], `${name} channel`)['$ref']);
      expect(channelRef).toMatch(/^#\/channels\/\w+$/);
      const messages = operation['messages'] as Json[];
      expect(messages.length).toBeGreaterThan(0);
      // AsyncAPI 3: an operation's messages must be messages of the channel it names.
      for (const message of messages)
        expect(String(obj(message, name)['$ref'])).toMatch(new RegExp(`^${channelRef}/messages/\\w+$`));
    }
    // Each topic leadflow reads has a receive operation; each it writes, a send operation.
    const byAction = (action: string) =>
      operations
        .filter(([, o]) => obj(o, 'op')['action'] === action)
        .map(([, o]) => resolve(String(obj(obj(o, 'op')['channel'], 'ch')['$ref'])));
    expect(
      byAction('receive')
        .map((c) => obj(c, 'ch')['address'])
        .sort(),
    ).toEqual([Topics.raw, Topics.lifecycle].sort());
    expect(
      byAction('send')
        .map((c) => obj(c, 'ch')['address'])
        .sort(),
    ).toEqual([dlqTopic(Topics.raw), Topics.lifecycle, dlqTopic(Topics.lifecycle), Topics.followups].sort());
  });

  it('has payload and header schemas that compile under ajv in strict mode, headers as objects', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, validateFormats: false });
    const messages = Object.entries(obj(obj(doc['components'], 'components')['messages'], 'messages'));
    // Every message is on a channel: none is described but never sent or received.
    const onChannels = refsOf(obj(doc['channels'], 'channels'), '#').map(({ ref }) => ref);
    expect(new Set(onChannels.filter((ref) => ref.startsWith('#/components/')))).toEqual(
      new Set(messages.map(([name]) => `#/components/messages/${name}`)),
    );
    for (const [name, value] of messages) {
      const message = obj(value, name);
      expect(() => ajv.compile(obj(message['payload'], `${name} payload`))).not.toThrow();
      const headers = obj(message['headers'], `${name} headers`);
      expect({ name, type: headers['type'] }).toEqual({ name, type: 'object' });
      expect(() => ajv.compile(headers)).not.toThrow();
    }
  });
});
