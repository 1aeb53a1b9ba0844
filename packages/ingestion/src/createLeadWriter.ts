import {
  checkBodySize,
  contentHash,
  decodeLead,
  parseJsonBody,
  type DecodeError,
  type IncomingLead,
} from '@leadflow/contracts';
import { dedupKeyOf, normaliseCustomer, summaryOfLead } from '@leadflow/domain';
import type { Logger } from '@leadflow/observability';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { newLeadId } from './ids';
import type { IngestOutcome, IngestRequest, LeadWriter, RejectionReason } from './leadWriter';
import type { LeadInput } from './planLead';
import type { RejectedStore } from './rejectedStore';
import { writeLead } from './writeLead';
import { writeNewLeadDirectly } from './writeNewLead';
import { unstorableStrings } from './storableText';
import { RetryWrite, type WriteSide } from './writeTx';

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
}

type Parsed = { lead: IncomingLead; body: unknown };
type Refusal = { reason: RejectionReason; errors: DecodeError[] };

const decodeText = (text: string, maxBytes: number): E.Either<Refusal, Parsed> =>
  pipe(
    checkBodySize(text, maxBytes),
    E.mapLeft((errors): Refusal => ({ reason: 'too-large', errors })),
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

/** The dedup key of a decoded lead (SPEC 1.3 precedence, the domain's rule) from its body and header. */
export const dedupKeyOfBody = (lead: IncomingLead, body: unknown, idempotencyKey: string | null): string =>
  dedupKeyOf(idempotencyKey, lead, contentHash(body));

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

  const reject = async (request: IngestRequest, refusal: Refusal): Promise<IngestOutcome> => {
    const status = refusal.reason === 'too-large' ? 413 : 400;
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

  return {
    ingest: async (request) => {
      const decoded = decodeText(request.text, deps.maxLeadBytes);
      if (E.isLeft(decoded)) return reject(request, decoded.left);
      const { lead, body } = decoded.right;
      const normalised = normaliseCustomer(lead.customer);
      const leadId = newLeadId();
      const input: LeadInput = {
        leadId,
        lead,
        normalised,
        summary: summaryOfLead(normalised),
        contentHash: contentHash(body),
        idempotencyKey: request.idempotencyKey,
        receivedAt: request.receivedAt,
        metadata: { correlationId: request.correlationId, causationId: leadId },
      };
      const dedupKey = dedupKeyOf(request.idempotencyKey, lead, input.contentHash);
      const since = new Date(request.receivedAt.getTime() - deps.dedupWindowSeconds * 1000);
      const direct = deps.writeSide.direct;
      const first =
        direct === undefined ? undefined : await writeNewLeadDirectly(direct, input, dedupKey, since);
      if (first?.kind === 'answered') {
        if (!first.result.duplicate) deps.onCommitted?.();
        metrics.accepted(first.result.duplicate);
        return { kind: 'accepted', ...first.result };
      }
      let lookup = first?.kind === 'not-new' ? first.lookup : undefined;
      for (let attempt = 1; ; attempt += 1) {
        try {
          const prior = lookup;
          lookup = undefined;
          const result = await deps.writeSide.transact((tx) => writeLead(tx, input, dedupKey, since, prior));
          if (!result.duplicate) deps.onCommitted?.();
          metrics.accepted(result.duplicate);
          return { kind: 'accepted', ...result };
        } catch (error) {
          const retryable = error instanceof RetryWrite || deps.writeSide.isRetryable(error);
          if (!retryable || attempt >= maxAttempts) throw error;
          metrics.retried();
          // Jittered backoff, growing with the attempt, so colliding writers spread out.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 * attempt * attempt)));
        }
      }
    },
  };
};
