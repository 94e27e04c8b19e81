/**
 * How many SMS a text is sent as, and in which encoding: `countSegments`.
 *
 * Sources: 3GPP TS 23.038 (GSM 03.38) §6.2.1 for the GSM-7 default alphabet and its extension table; 3GPP TS
 * 23.040 §9.2.3.24.1 for concatenation, whose 6-octet user-data header leaves 153 septets (GSM-7) or 67 UTF-16 units
 * (UCS-2) of the 140 octets per part, against 160 and 70 for a single message. CM's "Number of message parts"
 * documentation and Twilio's segment calculator use the same numbers. National language shift tables are not
 * modelled: a text outside the default alphabet is counted as UCS-2, as the three providers send it by default.
 */
import { ValidationError } from './errors/index.ts';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  /** GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table, else UCS-2. */
  encoding: SmsEncoding;
  /** How many SMS the text is sent as: 1 for a text that fits one message (an empty text is one message too). */
  segments: number;
  /** What the encoding counts: septets for GSM-7 (an extension character is two), UTF-16 code units for UCS-2. */
  characters: number;
  /** How many of those one segment holds: 160 or 70 for a single message, 153 or 67 once concatenated. */
  perSegment: number;
  /** The characters that made the text UCS-2, each once, in order of appearance (empty for GSM-7). */
  nonGsmCharacters: string[];
}

/** The GSM 03.38 default alphabet, as Unicode (0x1B, the escape to the extension table, is not text). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each is sent as the escape plus one septet, so it counts two. Form feed is its page break. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const SEPTETS = new Map<string, 1 | 2>([
  ...[...GSM_BASIC].map((char) => [char, 1] as [string, 1]),
  ...[...GSM_EXTENSION].map((char) => [char, 2] as [string, 2]),
]);

const GSM_SINGLE = 160;
const GSM_CONCATENATED = 153;
const UCS2_SINGLE = 70;
const UCS2_CONCATENATED = 67;

/**
 * Counts the SMS segments `text` needs. An extension character is never split across two GSM-7 segments, nor a
 * surrogate pair (an emoji) across two UCS-2 segments, so a segment may hold one unit fewer than its limit.
 */
export function countSegments(text: string): SegmentCount {
  if (typeof text !== 'string') {
    throw new ValidationError([{ path: 'text', message: 'must be a string' }], 'Invalid text to count');
  }
  const nonGsm = new Set<string>();
  for (const char of text) if (!SEPTETS.has(char)) nonGsm.add(char);
  // Widths are read off the text as it is walked, never collected: a text may be hundreds of megabytes.
  if (nonGsm.size === 0) return split('GSM-7', text, (char) => SEPTETS.get(char)!, GSM_SINGLE, GSM_CONCATENATED, []);
  // UCS-2 counts UTF-16 units: a character outside the Basic Multilingual Plane (most emoji) is two.
  return split('UCS-2', text, (char) => char.length, UCS2_SINGLE, UCS2_CONCATENATED, [...nonGsm]);
}

/**
 * The count in an encoding the sender chose rather than the one the text needs: UCS-2 counts as `countSegments`
 * does for a Unicode text; GSM-7 counts a character outside the alphabet as one septet, the least it can become
 * (a gateway replaces it, with `?` or a look-alike), so the count is never more than the gateway's.
 */
export function countSegmentsAs(text: string, encoding: SmsEncoding): SegmentCount {
  if (encoding === 'UCS-2') return split('UCS-2', text, (char) => char.length, UCS2_SINGLE, UCS2_CONCATENATED, []);
  return split('GSM-7', text, (char) => SEPTETS.get(char) ?? 1, GSM_SINGLE, GSM_CONCATENATED, []);
}

function split(
  encoding: SmsEncoding,
  text: string,
  widthOf: (char: string) => number,
  single: number,
  concatenated: number,
  nonGsmCharacters: string[],
): SegmentCount {
  let characters = 0;
  let segments = 1;
  let used = 0;
  for (const char of text) {
    const width = widthOf(char);
    characters += width;
    // Parts of `concatenated` units, a character that would straddle two moved whole to the next.
    if (used + width > concatenated) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  if (characters <= single) return { encoding, segments: 1, characters, perSegment: single, nonGsmCharacters };
  return { encoding, segments, characters, perSegment: concatenated, nonGsmCharacters };
}
