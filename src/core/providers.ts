/**
 * The providers Switchboard has a client, a spec and a mock for. Its own module so the CLI can name them without
 * loading switchboard/testing (and Stoplight Prism with it).
 */
export const PROVIDERS = ['cm', 'comapi', 'webex'] as const;
export type Provider = (typeof PROVIDERS)[number];
