/**
 * The router's message: what every provider can send (a sender, one recipient or many, a text, a reference),
 * checked before anything is sent. Anything else goes through the provider's own client.
 */
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { requireJsonObject } from '../core/input.ts';
import { readRecipient, type loadPhoneParser, type Recipient } from './phone-numbers.ts';

export interface RoutedMessage {
  /** The sender: an alphanumeric sender id or a number, as each provider's account allows. */
  from: string;
  /** One recipient or several, in international form (`+44 7911 123456`, `0044…`); each is routed on its own. */
  to: string | readonly string[];
  text: string;
  /**
   * Your reference, for matching delivery reports: CM's `reference`, Webex's `correlationId`, Comapi's
   * `metadata.reference`.
   */
  reference?: string;
}

export interface CheckedMessage {
  from: string;
  text: string;
  reference: string | undefined;
  recipients: Recipient[];
}

const CONTEXT = 'Invalid routed message';
/** Past every provider's own limit (Webex 4000 characters, CM and Comapi fewer parts): refused without routing. */
const MAX_TEXT_LENGTH = 10_000;

type Parse = Awaited<ReturnType<typeof loadPhoneParser>>;

export function checkMessage(parse: Parse, message: unknown): CheckedMessage {
  const { from, to, text, reference, ...rest } = requireJsonObject(message, CONTEXT);
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(rest)) {
    issues.push({
      path: key,
      message: 'is not a routed-message field (from, to, text, reference): send it through the provider’s client',
    });
  }
  if (typeof from !== 'string' || from.trim() === '')
    issues.push({ path: 'from', message: 'must be a non-empty string' });
  if (typeof text !== 'string' || text === '') issues.push({ path: 'text', message: 'must be a non-empty string' });
  else if (text.length > MAX_TEXT_LENGTH)
    issues.push({ path: 'text', message: `must be at most ${MAX_TEXT_LENGTH} characters` });
  if (reference !== undefined && (typeof reference !== 'string' || reference === ''))
    issues.push({ path: 'reference', message: 'must be a non-empty string when given' });

  const numbers: readonly unknown[] = typeof to === 'string' ? [to] : Array.isArray(to) ? to : [];
  if (numbers.length === 0) issues.push({ path: 'to', message: 'needs at least one recipient' });
  const recipients: Recipient[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < numbers.length; index += 1) {
    const path = typeof to === 'string' ? 'to' : `to[${index}]`;
    try {
      const recipient = readRecipient(parse, numbers[index], path);
      // The same number twice in one message would be sent twice; once is what anyone means.
      if (!seen.has(recipient.e164)) recipients.push(recipient);
      seen.add(recipient.e164);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
    if (issues.length >= 20) break;
  }
  if (issues.length > 0) throw new ValidationError(issues, CONTEXT);
  return { from: from as string, text: text as string, reference: reference as string | undefined, recipients };
}
