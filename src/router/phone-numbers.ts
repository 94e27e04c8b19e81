/**
 * A recipient as the router sees it: checked and written once in E.164, with its country for routing. Each client
 * then writes it the way its API wants (CM `0044…`, Comapi `44…`, Webex `+44…`).
 *
 * libphonenumber-js (with its "min" metadata, about 80 KB) knows which numbers can exist; it is imported on the
 * router's first send, so the clients and the root entry never load it.
 */
import type { CountryCode } from 'libphonenumber-js/min';
import { SwitchboardError, ValidationError } from '../core/errors/index.ts';

export interface Recipient {
  /** E.164: `+447911123456`. */
  e164: string;
  /** ISO 3166-1 alpha-2 of the number's region (`GB`; `GG` for a Guernsey range), when the metadata can tell. */
  country: CountryCode | undefined;
  /** The country calling code, digits only: `44`. */
  callingCode: string;
}

type Parse = typeof import('libphonenumber-js/min').parsePhoneNumberFromString;
let parser: Promise<Parse> | undefined;

/**
 * Loads libphonenumber-js once, on first use. A failed load (an install or a bundle without it) is a typed error,
 * and is not kept: the next send tries again.
 */
export function loadPhoneParser(): Promise<Parse> {
  parser ??= import('libphonenumber-js/min').then(
    (module) => module.parsePhoneNumberFromString,
    (error: unknown) => {
      parser = undefined;
      throw new SwitchboardError(
        'The router could not load libphonenumber-js, a dependency of switchboard; nothing was sent',
        {
          cause: error,
        },
      );
    },
  );
  return parser;
}

/**
 * The recipient of `raw`, which must be in international form: `+44 7911 123456`, `0044 7911 123456` (the
 * spaces, dashes, dots and brackets of human formatting are dropped). A number that cannot exist (`12`, a UK
 * number one digit short) is a ValidationError naming `path`: there is no national form to guess a country for.
 */
export function readRecipient(parse: Parse, raw: unknown, path: string): Recipient {
  if (typeof raw !== 'string') throw invalid(path, 'must be a phone number string');
  const compact = raw.trim().replace(/[\s\-.()]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (!/^\+[1-9]\d{1,14}$/.test(international)) {
    throw invalid(path, 'must be an international phone number: + or 00, the country code, then the number');
  }
  // `extract: false`: the whole string must be the number, not merely contain one.
  const number = parse(international, { extract: false });
  if (!number?.isValid()) throw invalid(path, 'is not a valid phone number for its country code');
  return { e164: number.number, country: number.country, callingCode: number.countryCallingCode };
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }], 'Invalid routed message');
}
