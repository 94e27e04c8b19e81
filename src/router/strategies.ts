/**
 * A strategy turns a recipient into the providers to try, in order: the first is tried, the rest are the
 * failover order. Every built-in strategy puts each provider in the list once, so failover can reach them all.
 */
import { SwitchboardError, ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { isPlainObject, readingInput } from '../core/input.ts';
import type { Recipient } from './phone-numbers.ts';

export type RoutingStrategy =
  /** The providers in the order given. The default. */
  | 'failover'
  /** Each recipient starts at the next provider in turn; the others follow in order. */
  | 'round-robin'
  /**
   * The first provider is drawn by weight (`{ cm: 3, webex: 1 }`: CM three times in four); the others follow in
   * order. A provider without a weight, or with 0, is only a failover. `random` (default `Math.random`) is for tests.
   */
  | { type: 'weighted'; weights: Readonly<Record<string, number>>; random?: () => number }
  /**
   * By the recipient's country: `routes` maps an ISO country (`GB`) or a calling code (`+44`) to providers in
   * order; the country is looked up first. `otherwise` (default: every provider in order) is for the rest.
   */
  | { type: 'by-country'; routes: Readonly<Record<string, readonly string[]>>; otherwise?: readonly string[] }
  /** The general case: any function of the recipient that names providers in order. */
  | ((recipient: Recipient, providers: readonly string[]) => readonly string[]);

/** A compiled strategy: the provider names to try for one recipient, in order. */
export type Route = (recipient: Recipient) => string[];

const CONTEXT = 'Invalid Switchboard options';

export function compileStrategy(strategy: unknown, names: readonly string[]): Route {
  if (strategy === undefined || strategy === 'failover') return () => [...names];
  if (strategy === 'round-robin') {
    let next = 0;
    return () => {
      const start = next;
      next = (next + 1) % names.length;
      return [...names.slice(start), ...names.slice(0, start)];
    };
  }
  if (typeof strategy === 'function') return custom(strategy as Exclude<RoutingStrategy, string | object>, names);
  return readingInput(CONTEXT, () => {
    if (!isPlainObject(strategy)) throw invalid([{ path: 'strategy', message: STRATEGY_KINDS }]);
    if (strategy.type === 'weighted') return weighted(strategy, names);
    if (strategy.type === 'by-country') return byCountry(strategy, names);
    throw invalid([{ path: 'strategy.type', message: STRATEGY_KINDS }]);
  });
}

const STRATEGY_KINDS =
  "must be 'failover', 'round-robin', { type: 'weighted', weights }, { type: 'by-country', routes } or a function";

function weighted(strategy: Record<string, unknown>, names: readonly string[]): Route {
  const { weights, random = Math.random } = strategy;
  if (!isPlainObject(weights)) throw invalid([{ path: 'strategy.weights', message: 'must be an object' }]);
  if (typeof random !== 'function') throw invalid([{ path: 'strategy.random', message: 'must be a function' }]);
  const issues: ValidationIssue[] = [];
  const table: Array<[string, number]> = [];
  for (const [name, weight] of Object.entries(weights)) {
    if (!names.includes(name)) issues.push({ path: `strategy.weights.${name}`, message: 'is not a provider name' });
    else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      issues.push({ path: `strategy.weights.${name}`, message: 'must be a finite number, 0 or more' });
    else if (weight > 0) table.push([name, weight]);
  }
  if (issues.length === 0 && table.length === 0)
    issues.push({ path: 'strategy.weights', message: 'must give at least one provider a weight above 0' });
  if (issues.length > 0) throw invalid(issues);
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  const draw = random as () => number;
  return () => {
    let point = Number(draw()) * total;
    // Past the end (a `random` returning 1, or NaN) lands on the last weighted provider.
    let first = table[table.length - 1]![0];
    for (const [name, weight] of table) {
      if (point < weight) {
        first = name;
        break;
      }
      point -= weight;
    }
    return [first, ...names.filter((name) => name !== first)];
  };
}

function byCountry(strategy: Record<string, unknown>, names: readonly string[]): Route {
  const { routes, otherwise = names } = strategy;
  if (!isPlainObject(routes)) throw invalid([{ path: 'strategy.routes', message: 'must be an object' }]);
  const issues: ValidationIssue[] = [];
  const table = new Map<string, string[]>();
  for (const [key, list] of Object.entries(routes)) {
    const path = `strategy.routes.${key}`;
    if (!/^[A-Z]{2}$/.test(key) && !/^\+[1-9]\d{0,2}$/.test(key))
      issues.push({ path, message: 'must be an ISO country code (GB) or a calling code (+44)' });
    const providers = providerList(list, names, path, issues);
    if (providers) table.set(key, providers);
  }
  const fallback = providerList(otherwise, names, 'strategy.otherwise', issues);
  if (issues.length > 0 || !fallback) throw invalid(issues);
  return (recipient) => [
    ...((recipient.country && table.get(recipient.country)) || table.get(`+${recipient.callingCode}`) || fallback),
  ];
}

function providerList(value: unknown, names: readonly string[], path: string, issues: ValidationIssue[]) {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message: 'must be a non-empty array of provider names' });
    return undefined;
  }
  const list: string[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const name = value[index];
    if (typeof name !== 'string' || !names.includes(name))
      issues.push({ path: `${path}[${index}]`, message: 'is not a provider name' });
    else if (!list.includes(name)) list.push(name);
  }
  return list;
}

/** A caller's function: its answer is checked, since a wrong name would otherwise send nowhere, silently. */
function custom(
  strategy: (recipient: Recipient, providers: readonly string[]) => readonly string[],
  names: readonly string[],
): Route {
  return (recipient) => {
    let answer: unknown;
    try {
      answer = strategy({ ...recipient }, names);
    } catch (error) {
      throw new SwitchboardError('The routing strategy threw; nothing was sent', { cause: error });
    }
    const issues: ValidationIssue[] = [];
    const list = readingInput('Invalid routing strategy answer', () =>
      providerList(answer, names, 'strategy()', issues),
    );
    if (issues.length > 0 || !list) throw new ValidationError(issues, 'Invalid routing strategy answer');
    return list;
  };
}

function invalid(issues: ValidationIssue[]): ValidationError {
  return new ValidationError(issues, CONTEXT);
}
