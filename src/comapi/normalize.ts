import type { components } from '../../generated/comapi/types.ts';
import { zSendMessageRequest } from '../../generated/comapi/zod/zod.gen.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { checkField, zodIssues } from '../core/errors/validation-error.ts';
import { compactPhoneNumber } from '../core/phone.ts';
import { isPlainObject, requireJsonObject } from '../core/input.ts';
import { parseQuickly } from '../core/quick-check.ts';

export type SendMessageRequest = components['schemas']['SendMessageRequest'];

/** A message as callers write it: the API's request body, with a phone number in any common form. */
export type ComapiMessage = SendMessageRequest;

/**
 * Comapi's docs write numbers in international form without `+` or `00` (`447123123123`). People write
 * `+44 7123 123123` or `0044…`: the prefix and the spaces, dashes, dots and brackets are dropped.
 */
export function normalizePhoneNumber(raw: string): string {
  const compact = compactPhoneNumber(raw, 'phoneNumber');
  if (compact.startsWith('+')) return compact.slice(1);
  if (compact.startsWith('00')) return compact.slice(2);
  return compact;
}

/**
 * Rules JSON Schema states in the spec (oneOf/not) but the generated zod does not enforce, added to `issues`:
 * exactly one of `rules` and `ruleSet`; at most one of `body`, `messageParts`, `templateId`; no channel with both a
 * custom body and channel options.
 */
function exclusivityIssues(message: SendMessageRequest, issues: ValidationIssue[]): void {
  // Plain reads, no lists: this runs for every message of a batch, and most break none of these rules.
  const hasRules = message.rules !== undefined;
  if (hasRules === (message.ruleSet !== undefined)) {
    issues.push({ path: hasRules ? 'ruleSet' : 'rules', message: 'give exactly one of rules and ruleSet' });
  }
  const contentCount =
    Number(message.body !== undefined) +
    Number(message.messageParts !== undefined) +
    Number(message.templateId !== undefined);
  if (contentCount > 1) {
    const content = (['body', 'messageParts', 'templateId'] as const).filter((key) => message[key] !== undefined);
    issues.push({
      path: content[1]!,
      message: `give at most one of body, messageParts and templateId (got ${content.join(' and ')})`,
    });
  }
  // The spec's `minProperties: 1` on `to`, which the generated zod does not carry.
  if (message.to && typeof message.to === 'object' && isEmptyObject(message.to)) {
    issues.push({ path: 'to', message: 'name at least one recipient identifier (phoneNumber, email, profileId, …)' });
  }
  const custom = message.customBody;
  // Only when both are objects: zod reports either when it is not one.
  if (isPlainObject(custom) && isPlainObject(message.channelOptions))
    for (const channel of Object.keys(message.channelOptions)) {
      if (channel in custom) {
        issues.push({
          path: `channelOptions.${channel}`,
          message: `channel ${channel} has a customBody, which excludes channelOptions`,
        });
      }
    }
}

function isEmptyObject(object: object): boolean {
  for (const _key in object) return false;
  return true;
}

/** Normalises and validates a message with the generated zod schema; throws a ValidationError naming every bad field. */
export function prepareMessage(message: ComapiMessage): SendMessageRequest {
  // Not an object, or cycles, BigInts, holes, 20,000-deep metadata: refused here, before zod or JSON.stringify.
  requireJsonObject(message, 'Invalid Comapi message');
  const phoneNumber = message.to?.phoneNumber;
  const normalized: SendMessageRequest =
    typeof phoneNumber === 'string'
      ? { ...message, to: { ...message.to, phoneNumber: normalizePhoneNumber(phoneNumber) } }
      : message;

  const issues = knownFieldsOnly(normalized) ? fieldIssues(normalized) : wholeIssues(normalized);
  exclusivityIssues(normalized, issues);
  if (issues.length === 0) return normalized;
  throw new ValidationError(issues, 'Invalid Comapi message');
}

const FIELDS = zSendMessageRequest.shape;

/** Whether every key is one of the request's fields: then checking the fields given is checking the request. */
function knownFieldsOnly(message: SendMessageRequest): boolean {
  for (const key in message) if (!Object.hasOwn(FIELDS, key)) return false;
  return true;
}

/**
 * The fields given, each by its own schema from zSendMessageRequest (and `to`, which is required, always): what
 * the whole schema checks of a request without unknown keys, without walking its fifteen optional fields for every
 * message of a batch.
 */
function fieldIssues(message: SendMessageRequest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const record = message as Record<string, unknown>;
  for (const key in record) checkField(issues, [key], FIELDS[key as keyof typeof FIELDS], record[key]);
  if (!('to' in record)) checkField(issues, ['to'], FIELDS.to, undefined);
  return issues;
}

function wholeIssues(message: SendMessageRequest): ValidationIssue[] {
  const parsed = parseQuickly(zSendMessageRequest, message);
  return parsed.success ? [] : zodIssues(parsed.error);
}
