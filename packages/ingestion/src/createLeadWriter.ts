import {
  checkBodySize,
  contentHash,
  decodeLead,
  nestingError,
  parseJsonBody,
  type DecodeError,
  type IncomingLead,
} from '@leadflow/contracts';
import { dedupKeyOf, identityKeys, normaliseCustomer, resolveSummary, summaryOfLead } from '@leadflow/domain';
import type { Logger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { batchGroups } from './batchGroups';
import { newLeadId } from './ids';
import type {
  BatchOutcome,
  IngestOutcome,
  IngestRequest,
  LeadWriter,
  Refusal as RouteRefusal,
  Rejected,
  RejectionReason,
  WriteRejectionReason,
} from './leadWriter';
import { indexOf, type LeadInput } from './planLead';
import type { RejectedStore } from './rejectedStore';
import { writeLead, type WriteResult } from './writeLead';
import { writeNewLeadDirectly } from './writeNewLead';
import { unstorableStrings } from './storableText';
import { RetryWrite, type LeadLookup, type WriteSide } from './writeTx';

/** Counters the writer reports to (Prometheus in the services, no-ops in unit tests). */
export interface LeadWriterMetrics {
  accepted(duplicate: boolean): void;
  rejected(reason: RejectionReason): void;
  rejectedDropped(count: number): void;
  retried(): void;
}

export interface LeadWriterDeps {
  writeSide: WriteSide;
  rejected: RejectedStore;
  maxLeadBytes: number;
  dedupWindowSeconds: number;
  /** Bound on write attempts per lead when concurrent writers collide (default 25). */
  maxAttempts?: number;
  metrics?: LeadWriterMetrics;
  logger?: Logger;
  /** Called after a committed append (wakes subscribers of the store). */
  onCommitted?: () => void;
  /** Groups of a batch written at the same time (default 128); a group's leads go one after the other. */
  batchConcurrency?: number;
}

type Parsed = { lead: IncomingLead; body: unknown };
/** A decoded lead ready for the write path. */
type Prepared = { input: LeadInput; dedupKey: string; since: Date; keys: ReadonlyArray<string> };
type Refusal = { reason: WriteRejectionReason; errors: DecodeError[] };

// Checked on the raw text before parsing: every later step (decoding, hashing, the storable-text
// walk) may then recurse safely.
const checkNesting = (text: string): E.Either<Refusal, string> => {
  const error = nestingError(text);
  return error === null ? E.right(text) : E.left({ reason: 'too-deep', errors: [error] });
};

const decodeText = (text: string, maxBytes: number): E.Either<Refusal, Parsed> =>
  pipe(
    checkBodySize(text, maxBytes),
    E.mapLeft((errors): Refusal => ({ reason: 'too-large', errors })),
    E.chain(checkNesting),
    E.chain((checked) =>
      pipe(
        parseJsonBody(checked),
        E.mapLeft((errors): Refusal => ({ reason: 'not-json', errors })),
      ),
    ),
    E.chain((body) =>
      pipe(
        decodeLead(body),
        E.chain((lead) => {
          const unstorable = unstorableStrings(body);
          return unstorable.length === 0 ? E.right(lead) : E.left(unstorable);
        }),
        E.map((lead) => ({ lead, body })),
        E.mapLeft((errors): Refusal => ({ reason: 'invalid', errors })),
      ),
    ),
  );

/** The dedup key of a decoded lead (the domain's precedence: Idempotency-Key, canonical id, content hash) from its body and header. */
export const dedupKeyOfBody = (lead: IncomingLead, body: unknown, idempotencyKey: string | null): string =>
  dedupKeyOf(idempotencyKey, lead, contentHash(body));

/** The Idempotency-Key as the write path keys it: within its sender's own keys when a token names one. */
const scopedKey = (request: IngestRequest): string | null => {
  const key = request.idempotencyKey;
  return key === null || request.sender == null ? key : `${request.sender}:${key}`;
};

const noMetrics: LeadWriterMetrics = {
  accepted: () => {},
  rejected: () => {},
  rejectedDropped: () => {},
  retried: () => {},
};

/** The write path shared by the HTTP routes and the leads.raw consumer. */
export const createLeadWriter = (deps: LeadWriterDeps): LeadWriter => {
  const metrics = deps.metrics ?? noMetrics;
  const maxAttempts = deps.maxAttempts ?? 25;

  const keep = async <R extends RejectionReason>(
    request: IngestRequest,
    refusal: RouteRefusal & { readonly reason: R },
  ): Promise<Rejected<R>> => {
    const { status } = refusal;
    const { rejectionId, dropped } = await deps.rejected.add({
      receivedAt: request.receivedAt,
      channel: request.channel,
      status,
      reason: refusal.reason,
      errors: refusal.errors,
      body: request.text,
      correlationId: request.correlationId,
    });
    metrics.rejected(refusal.reason);
    if (dropped > 0) metrics.rejectedDropped(dropped);
    deps.logger?.info(
      { correlationId: request.correlationId, reason: refusal.reason, rejectionId },
      'lead rejected',
    );
    return { kind: 'rejected', status, reason: refusal.reason, errors: refusal.errors, rejectionId };
  };
  const reject = (request: IngestRequest, refusal: Refusal) =>
    keep(request, { ...refusal, status: refusal.reason === 'too-large' ? 413 : 400 });

  // A key the client sent before with another body: refused (422) rather than answered as the
  // earlier lead, which would silently drop this one.
  const reusedKey = (request: IngestRequest, result: WriteResult, contentHash: string) =>
    request.idempotencyKey !== null &&
    result.duplicate &&
    result.earlierContentHash != null &&
    result.earlierContentHash !== contentHash;
  const refuseReusedKey = (request: IngestRequest) =>
    keep(request, {
      status: 422,
      reason: 'idempotency-key-reused' as const,
      errors: [
        {
          path: '/headers/idempotency-key',
          message: 'this Idempotency-Key was used for a lead with another body',
        },
      ],
    });

  const answer = (
    request: IngestRequest,
    result: WriteResult,
    hash: string,
  ): Promise<IngestOutcome> | IngestOutcome => {
    if (reusedKey(request, result, hash)) return refuseReusedKey(request);
    if (!result.duplicate) deps.onCommitted?.();
    metrics.accepted(result.duplicate);
    return {
      kind: 'accepted',
      leadId: result.leadId,
      customerId: result.customerId,
      duplicate: result.duplicate,
    };
  };

  const hashedDedupKey = (key: string) =>
    deps.writeSide.identity === undefined ? key : deps.writeSide.identity.hashDedupKey(key);

  const prepare = (request: IngestRequest): E.Either<Refusal, Prepared> => {
    const decoded = decodeText(request.text, deps.maxLeadBytes);
    if (E.isLeft(decoded)) return decoded;
    const { lead, body } = decoded.right;
    const normalised = normaliseCustomer(lead.customer);
    const leadId = newLeadId();
    const idempotencyKey = scopedKey(request);
    const identity = deps.writeSide.identity;
    const clearSummary = summaryOfLead(normalised);
    const input: LeadInput = {
      leadId,
      lead,
      normalised,
      // The index holds keyed hashes: the lead is matched by the same hashes.
      summary: identity === undefined ? clearSummary : identity.hashSummary(clearSummary),
      contentHash: contentHash(body),
      idempotencyKey,
      receivedAt: request.receivedAt,
      metadata: { correlationId: request.correlationId, causationId: leadId },
    };
    return E.right({
      input,
      dedupKey: hashedDedupKey(dedupKeyOf(idempotencyKey, lead, input.contentHash)),
      since: new Date(request.receivedAt.getTime() - deps.dedupWindowSeconds * 1000),
      keys: identityKeys(input.summary),
    });
  };

  /** The store's single-statement attempts: the answer, or the lookup they made for the transaction. */
  const writeDirectly = async ({ input, dedupKey, since }: Prepared) => {
    const direct = deps.writeSide.direct;
    if (direct === undefined) return undefined;
    const first = await writeNewLeadDirectly(direct, input, dedupKey, since);
    if (first.kind !== 'not-new') return first;
    const { earlier, candidates } = first.lookup;
    // Candidates none of which is this lead's person (a shared phone beside another email, say): the
    // transaction would start a new customer without locking them; the direct write does just that.
    if (earlier !== null || resolveSummary(indexOf(candidates), input.summary).kind !== 'new') return first;
    const seen = candidates.map((c) => c.customerId);
    return writeNewLeadDirectly(direct, input, dedupKey, since, seen);
  };

  const write = async (request: IngestRequest, prepared: Prepared): Promise<IngestOutcome> => {
    const { input, dedupKey, since } = prepared;
    const first = await writeDirectly(prepared);
    if (first?.kind === 'answered') return answer(request, first.result, input.contentHash);
    let lookup: LeadLookup | undefined = first?.kind === 'not-new' ? first.lookup : undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const prior = lookup;
        lookup = undefined;
        const result = await deps.writeSide.transact((tx) => writeLead(tx, input, dedupKey, since, prior));
        return answer(request, result, input.contentHash);
      } catch (error) {
        const retryable = error instanceof RetryWrite || deps.writeSide.isRetryable(error);
        if (!retryable || attempt >= maxAttempts) throw error;
        metrics.retried();
        // Jittered backoff, growing with the attempt, so colliding writers spread out.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 * attempt * attempt)));
      }
    }
  };

  const ingest = (request: IngestRequest): Promise<IngestOutcome> => {
    const prepared = prepare(request);
    return E.isLeft(prepared) ? reject(request, prepared.left) : write(request, prepared.right);
  };

  const ingestMany = async (requests: ReadonlyArray<IngestRequest>): Promise<BatchOutcome[]> => {
    const prepared = requests.map(prepare);
    // Leads that share a dedup key or an identity key go in arrival order (a later one may link the
    // customers of earlier ones); the others are independent, and run together.
    const groups = batchGroups(
      prepared.map((p) => (E.isLeft(p) ? [] : [`d:${p.right.dedupKey}`, ...p.right.keys])),
    );
    const outcomes: BatchOutcome[] = new Array<BatchOutcome>(requests.length);
    let failure: { error: unknown } | undefined;
    const runGroup = async (group: ReadonlyArray<number>) => {
      for (const i of group) {
        // Once the write path failed (a server away), no further lead is tried: each is answered
        // with that failure, none of them stored.
        if (failure !== undefined) {
          outcomes[i] = { kind: 'failed', error: failure.error, tried: false };
          continue;
        }
        const request = requests[i]!;
        const p = prepared[i]!;
        try {
          outcomes[i] = await (E.isLeft(p) ? reject(request, p.left) : write(request, p.right));
        } catch (error) {
          failure ??= { error };
          outcomes[i] = { kind: 'failed', error, tried: true };
        }
      }
    };
    let next = 0;
    const workers = Math.min(groups.length, Math.max(1, deps.batchConcurrency ?? 128));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < groups.length) await runGroup(groups[next++]!);
      }),
    );
    return outcomes;
  };

  return {
    refuse: (request, refusal) => keep(request, refusal),
    ingest,
    ingestMany,
  };
};
