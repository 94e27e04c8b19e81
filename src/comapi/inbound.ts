/**
 * What Comapi POSTs to a webhook URL (the webhook-configuration API is `webhooks.ts`): `verifyEvents` checks
 * the signature on the raw body, then `parseEvents` reads one event or a batched array. Known events (every message and
 * profile event in the spec) come back typed and validated, discriminated by `name`; an event whose name the
 * spec does not know comes back as `{ unknown: true, ...envelope }`, so a new vendor event never breaks a
 * receiver. Verify the signature first (`verifyEvents`), on the raw body.
 */
import type { components } from '../../generated/comapi/types.ts';
import { zComapiEvent, zEventEnvelope } from '../../generated/comapi/zod/zod.gen.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { formatPath } from '../core/errors/validation-error.ts';
import { parseJsonPayload, readingInput } from '../core/input.ts';
import { readWebhookRequest, verifyHmacSignature, type RawBody } from '../core/webhook-signature.ts';

export type ComapiEvent = components['schemas']['ComapiEvent'];
export type EventEnvelope = components['schemas']['EventEnvelope'];
export type UnknownComapiEvent = EventEnvelope & { unknown: true };
/** `if (!event.unknown) switch (event.name) { … }` narrows to each event's type. */
export type ParsedComapiEvent = (ComapiEvent & { unknown?: false }) | UnknownComapiEvent;

/** The spec's events by name, read from the generated union so the list cannot drift from the spec. */
const schemaByName = new Map(
  zComapiEvent.def.options.map((option) => [option.def.left.shape.name.def.values[0] as string, option]),
);

export function parseEvents(body: unknown): ParsedComapiEvent[] {
  return readingInput('Invalid Comapi webhook body', () => parseEventList(body));
}

function parseEventList(body: unknown): ParsedComapiEvent[] {
  const json = parseJsonPayload(body, 'Invalid Comapi webhook body');
  const batched = Array.isArray(json);
  const items: unknown[] = batched ? (json as unknown[]) : [json];
  const events: ParsedComapiEvent[] = [];
  const issues: ValidationIssue[] = [];

  items.forEach((item, index) => {
    const at = (path: PropertyKey[]) => formatPath(batched ? [index, ...path] : path);
    const envelope = zEventEnvelope.safeParse(item);
    if (!envelope.success) {
      issues.push(...envelope.error.issues.map((issue) => ({ path: at(issue.path), message: issue.message })));
      return;
    }
    const schema = schemaByName.get(envelope.data.name);
    if (!schema) {
      events.push({ ...(envelope.data as EventEnvelope), unknown: true });
      return;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) events.push(parsed.data as ComapiEvent);
    else issues.push(...parsed.error.issues.map((issue) => ({ path: at(issue.path), message: issue.message })));
  });

  if (issues.length > 0) throw new ValidationError(issues, 'Invalid Comapi webhook body');
  return events;
}

export interface ComapiEventsRequest {
  /** The raw body exactly as received: bytes, or the string decoded as UTF-8. Re-serialised JSON will not verify. */
  body: RawBody;
  /** The `X-Comapi-Signature` header's value (`null`/`undefined` when absent). */
  signature: string | null | undefined;
  /** The secret set on the webhook configuration: a non-empty string, or its bytes. */
  secret: string | Uint8Array | ArrayBuffer;
}

/**
 * Resolves when `X-Comapi-Signature` matches: the lowercase hex HMAC-SHA1 of the raw body, keyed with the
 * webhook's secret (Comapi's quickstarts in Node, Python, Java and C#). Rejects with a WebhookVerificationError
 * (missing or malformed header, no secret, or any difference in body, secret or signature); answer 401, and
 * Comapi retries.
 */
export async function verifyEvents(request: ComapiEventsRequest): Promise<void> {
  const { body, signature, secret } = readWebhookRequest<ComapiEventsRequest>(request, 'Invalid verifyEvents request');
  return verifyHmacSignature({ body, signature, secret, ...COMAPI_SIGNATURE });
}

/** How Comapi signs: what `verifyEvents` checks, for a receiver that verifies with its own key cache. */
export const COMAPI_SIGNATURE = { hashes: ['SHA-1'], header: 'X-Comapi-Signature' } as const;
