/**
 * The root of every error Switchboard throws, so callers can tell ours from anything else with one
 * `instanceof`. Subclasses keep only data that is safe to log: no request headers, no request body,
 * no credentials. `toJSON` lists the own fields explicitly so `JSON.stringify(error)` cannot pick up
 * anything a subclass did not mean to expose.
 */
export class SwitchboardError extends Error {
  override readonly name: string = 'SwitchboardError';

  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause') fields[key] = value;
    }
    return fields;
  }
}
