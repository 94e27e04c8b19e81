/**
 * `switchboard send --provider auto`: the messages go through a Switchboard router over every provider whose
 * credentials are set (or the ones `--providers` names, in that order), failing over as the router does. Each line
 * is a routed message, `{ from, to, text, reference? }`; each result line says which provider took each
 * recipient, and every attempt.
 */
import { Switchboard } from '../router/index.ts';
import type { RouteResult } from '../router/switchboard.ts';
import type { RoutingStrategy } from '../router/strategies.ts';
import type { CmClient } from '../cm/index.ts';
import type { ComapiClient } from '../comapi/index.ts';
import type { WebexClient } from '../webex/index.ts';
import { isProvider, PROVIDERS, UsageError, unknownProvider, type Provider } from './common.ts';

export const AUTO_STRATEGIES = ['failover', 'round-robin'] as const;

/** The providers to route between: `--providers cm,webex`, or every provider with credentials in `env`, in order. */
export function autoProviders(list: string | undefined, hasCredentials: (provider: Provider) => boolean): Provider[] {
  if (list === undefined) {
    const found = PROVIDERS.filter(hasCredentials);
    if (found.length === 0)
      throw new UsageError(
        '--provider auto found no credentials: set those of one provider or more (see --help), or give --mock',
      );
    return found;
  }
  const names = list.split(',').map((name) => name.trim());
  const providers: Provider[] = [];
  for (const name of names) {
    if (!isProvider(name)) throw new UsageError(`--providers: ${unknownProvider(name)}`);
    if (providers.includes(name)) throw new UsageError(`--providers names ${name} twice`);
    providers.push(name);
  }
  return providers;
}

export function autoStrategy(value: string | undefined): RoutingStrategy {
  if (value === undefined) return 'failover';
  if (!(AUTO_STRATEGIES as readonly string[]).includes(value))
    throw new UsageError(`--strategy must be one of ${AUTO_STRATEGIES.join(', ')}, got ${JSON.stringify(value)}`);
  return value as RoutingStrategy;
}

/** What a routed message's result line carries beyond ok and outcome. */
export interface RecipientLine {
  to: string;
  outcome: 'accepted' | 'rejected' | 'unknown';
  provider?: string;
  id?: string;
  /** Each provider tried, in order: `cm:rejected(RateLimitError)`, `webex:accepted`. */
  attempts: string[];
}

export function routerSender(clients: Array<CmClient | ComapiClient | WebexClient>, strategy: RoutingStrategy) {
  const router = new Switchboard({ providers: clients, strategy });
  return async (messages: unknown[], signal: AbortSignal) =>
    (await router.sendBatch(messages as never[], { signal })).map(resultLine);
}

function resultLine(result: RouteResult) {
  const recipients: RecipientLine[] = result.recipients.map((recipient) => ({
    to: recipient.to,
    outcome: recipient.outcome,
    ...(recipient.provider !== undefined ? { provider: recipient.provider } : {}),
    ...(recipient.ok && recipient.messageId !== undefined ? { id: recipient.messageId } : {}),
    attempts: recipient.attempts.map(
      (attempt) => `${attempt.provider}:${attempt.outcome}${attempt.error ? `(${attempt.error.name})` : ''}`,
    ),
  }));
  const ids = recipients.flatMap((recipient) => (recipient.id === undefined ? [] : [recipient.id]));
  return result.ok
    ? { ok: true, outcome: 'accepted' as const, ids, recipients }
    : {
        ok: false,
        outcome: result.outcome,
        error: { name: result.error.name, message: result.error.message },
        recipients,
      };
}
