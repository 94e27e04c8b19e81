/**
 * `switchboard segments`: how many SMS a text is sent as, and in which encoding, before sending it (countSegments).
 */
import { parseArgs } from 'node:util';
import { countSegments } from '../core/segments.ts';
import { EXIT, UsageError } from './common.ts';

export const SEGMENTS_USAGE = `Usage: switchboard segments <text> [--json]

Prints the encoding a text is sent in (GSM-7, or UCS-2 when a character is outside the GSM 03.38 alphabet), how
many SMS segments it needs, and what the encoding counts: septets (an extension character such as € is two) or
UTF-16 units (most emoji are two). Reads the text from stdin when it is not given.

Options:
  --json       Print the count as one JSON object
  --help       Show this help

Exit codes: 0 counted, 2 usage error.`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function segmentsCommand(argv: string[], stdin: AsyncIterable<string | Buffer> = process.stdin) {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    console.log(SEGMENTS_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 1)
    throw new UsageError('give the text as one argument (quote it), or on stdin', SEGMENTS_USAGE);
  // Waiting on a terminal for text nobody is piping in would look like a hang.
  if (positionals[0] === undefined && (stdin as { isTTY?: boolean }).isTTY)
    throw new UsageError('give the text to count, as an argument or on stdin', SEGMENTS_USAGE);
  const text = positionals[0] ?? (await readAll(stdin)).replace(/\r?\n$/, '');
  const count = countSegments(text);
  if (values.json) {
    console.log(JSON.stringify(count));
  } else {
    const unit = count.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units';
    const forced = count.nonGsmCharacters.length > 0 ? `; UCS-2 because of ${count.nonGsmCharacters.join(' ')}` : '';
    console.log(
      `${count.encoding}: ${count.segments} segment${count.segments === 1 ? '' : 's'}, ${count.characters} ${unit} (${count.perSegment} per segment)${forced}`,
    );
  }
  return EXIT.ok;
}

async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}
