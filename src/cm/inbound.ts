import type * as z from 'zod/mini';
import type { components } from '../../generated/cm/types.ts';
import { zIncomingEvent, zInboundMessage, zStatusReport } from '../../generated/cm/zod/zod.gen.ts';
import { ValidationError } from '../core/errors/index.ts';
import { parseJsonPayload, readingInput } from '../core/input.ts';

export type StatusReport = components['schemas']['StatusReport'];
export type InboundMessage = components['schemas']['InboundMessage'];
export type IncomingEvent = components['schemas']['IncomingEvent'];

/**
 * Parses the JSON status report (delivery report) CM POSTs to your URL: pass the raw body (string) or the
 * already-parsed JSON. Throws a ValidationError naming what is missing or malformed. CM signs nothing, so
 * authenticate the request yourself (a secret in the URL, for example) before trusting it.
 */
export function parseStatusReport(payload: unknown): StatusReport {
  return parseWith(zStatusReport, payload, 'Invalid CM status report');
}

/** Parses an inbound (MO) message CM POSTs to your URL; raw body (string) or parsed JSON. */
export function parseInbound(payload: unknown): InboundMessage {
  return parseWith(zInboundMessage, payload, 'Invalid CM inbound message');
}

/**
 * Parses an "incoming event" CM POSTs to your URL (Instagram `MessageDelete` or `StoryMention`, Google Business
 * Messages `HumanAgentRequested`, Push events); raw body (string) or parsed JSON. CM documents the envelope only:
 * `event` is returned as sent.
 */
export function parseIncomingEvent(payload: unknown): IncomingEvent {
  return parseWith(zIncomingEvent, payload, 'Invalid CM incoming event');
}

function parseWith<T>(schema: z.ZodMiniType<T>, payload: unknown, context: string): T {
  return readingInput(context, () => {
    const parsed = schema.safeParse(parseJsonPayload(payload, context));
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, context);
    return parsed.data;
  });
}
