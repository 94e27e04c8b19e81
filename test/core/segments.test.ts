/**
 * countSegments against the published rules and examples, and properties that must hold for any text.
 * Sources: 3GPP TS 23.038 §6.2.1 (the default alphabet and extension table), 3GPP TS 23.040 §9.2.3.24.1
 * (concatenation), Twilio's "What the heck is a segment?" and its segment calculator's examples, CM's
 * "Number of message parts" documentation (160/153 GSM, 70/67 Unicode).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, ValidationError } from '../../src/index.ts';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

describe('countSegments: published rules and examples', () => {
  it.each([
    // [what, text, encoding, segments, characters]
    ['a plain greeting', 'Hello', 'GSM-7', 1, 5],
    ['160 GSM characters fit one SMS (Twilio, CM)', 'a'.repeat(160), 'GSM-7', 1, 160],
    ['161 GSM characters need two (Twilio, CM)', 'a'.repeat(161), 'GSM-7', 2, 161],
    ['306 GSM characters: two of 153', 'a'.repeat(306), 'GSM-7', 2, 306],
    ['307 GSM characters: three', 'a'.repeat(307), 'GSM-7', 3, 307],
    ['the euro sign counts two septets (extension table)', '€', 'GSM-7', 1, 2],
    ['159 characters and a euro sign: 161 septets, two SMS', `${'a'.repeat(159)}€`, 'GSM-7', 2, 161],
    ['every extension character counts two', GSM_EXTENSION, 'GSM-7', 1, 20],
    ['accented letters of the default alphabet stay GSM-7', 'Ça coûte 5 € à Zürich'.replace('û', 'u'), 'GSM-7', 1, 22],
    ['one character outside GSM-7 makes the text UCS-2 (Twilio)', 'Café ç', 'UCS-2', 1, 6],
    ['70 UCS-2 units fit one SMS (Twilio, CM)', 'ж'.repeat(70), 'UCS-2', 1, 70],
    ['71 UCS-2 units need two (Twilio, CM)', 'ж'.repeat(71), 'UCS-2', 2, 71],
    ['134 UCS-2 units: two of 67', 'ж'.repeat(134), 'UCS-2', 2, 134],
    ['135 UCS-2 units: three', 'ж'.repeat(135), 'UCS-2', 3, 135],
    ['an emoji is two UTF-16 units and makes the text UCS-2 (Twilio)', 'Hi 😀', 'UCS-2', 1, 5],
    ['an empty text is still one SMS', '', 'GSM-7', 1, 0],
  ])('%s', (_what, text, encoding, segments, characters) => {
    expect(countSegments(text)).toMatchObject({ encoding, segments, characters });
  });

  it('never splits an extension character across two segments', () => {
    // 152 + 2 + 152 = 306 septets, which would be two segments of 153 if the euro sign could be split.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', characters: 306, segments: 3, perSegment: 153 });
  });

  it('never splits a surrogate pair (an emoji) across two segments', () => {
    // 66 + 2 + 66 = 134 units, which would be two segments of 67 if the emoji could be split.
    const text = `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`;
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', characters: 134, segments: 3, perSegment: 67 });
  });

  it('names the characters that forced UCS-2, each once', () => {
    expect(countSegments('Hello ç and ç and 😀').nonGsmCharacters).toEqual(['ç', '😀']);
    expect(countSegments('Hello').nonGsmCharacters).toEqual([]);
  });

  it('refuses what is not a string with a ValidationError', () => {
    for (const bad of [undefined, null, 42, {}, ['a'], Symbol('x')]) {
      expect(() => countSegments(bad as unknown as string)).toThrow(ValidationError);
    }
  });
});

describe('countSegments: properties', () => {
  const gsmText = fc.string({ unit: fc.constantFrom(...GSM_BASIC, ...GSM_EXTENSION), maxLength: 600 });
  const anyText = fc.string({ unit: 'grapheme', maxLength: 400 });

  it('a GSM-only text is never UCS-2, and its septets are its characters plus one per extension character', () => {
    fc.assert(
      fc.property(gsmText, (text) => {
        const count = countSegments(text);
        const extensions = [...text].filter((char) => GSM_EXTENSION.includes(char)).length;
        expect(count.encoding).toBe('GSM-7');
        expect(count.characters).toBe([...text].length + extensions);
      }),
    );
  });

  it('segments never decrease as the text grows', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, more) => {
        expect(countSegments(text + more).segments).toBeGreaterThanOrEqual(countSegments(text).segments);
      }),
    );
  });

  it('the segments hold the characters, and no more segments than needed with one unit lost to each boundary', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { segments, characters, perSegment } = countSegments(text);
        expect(segments * perSegment).toBeGreaterThanOrEqual(characters);
        if (segments > 1) expect(segments).toBeLessThanOrEqual(Math.ceil(characters / (perSegment - 1)));
      }),
    );
  });
});
