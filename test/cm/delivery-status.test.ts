/**
 * CM status codes → DeliveryStatus, one test per row of CM_DELIVERY_STATUSES, each on a payload from a source:
 * CM's JSON template (developers.cm.com "Incoming Status Reports", test/fidelity/cm/cm-docs-status-report-template.json)
 * with its `[STATUS]` placeholder filled in, and the named examples of specs/cm.yaml's statusReport webhook. The
 * numbering is specs/cm.yaml's (StatusReportMsg.status.code); the meanings CM's Knowledge Center "What does the
 * status of my message mean?".
 */
import { describe, expect, it } from 'vitest';
import { CM_DELIVERY_STATUSES, normalizeStatusReport, ValidationError } from '../../src/cm/index.ts';
import { fidelityCase, specExample } from '../webhooks/sources.ts';

/** CM's template, with the placeholders a real report would fill. */
function template(code: string | number) {
  const body = fidelityCase('cm', 'cm-docs-status-report-template', 'cm-docs JSON status report template');
  Object.assign(body.messages.msg, { received: '2024-05-14T10:31:02', to: '00447911123456', reference: 'order-4711' });
  Object.assign(body.messages.msg.status, { code, errorCode: '', errorDescription: '' });
  body.messages.msg.operator = '23410';
  return body;
}

describe('CM status codes in the shared vocabulary', () => {
  it.each([
    ['0', 'accepted', 'Accepted: "received by the operator, but not yet confirmed that it has been delivered"'],
    ['1', 'rejected', 'Rejected: "The operator has refused to deliver the message"'],
    ['2', 'delivered', 'Delivered: "The operator confirmed the message has been delivered"'],
    ['3', 'failed', 'Failed: "The operator tried but could not deliver the message"'],
  ] as const)('code %s is %s (CM Knowledge Center, %s)', (code, status, _meaning) => {
    expect(CM_DELIVERY_STATUSES[code]).toBe(status);
    const event = normalizeStatusReport(template(code));
    expect(event).toMatchObject({
      type: 'status',
      provider: 'cm',
      status,
      providerStatus: code,
      reference: 'order-4711',
      recipient: '00447911123456',
      occurredAt: '2024-05-14T10:31:02',
      messageId: undefined,
      errorCode: undefined,
      errorDescription: undefined,
    });
    expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('code 4 is read (WinteryFox/CMNuntiusBackend MoController.kt: "4" -> "READ", a third-party CM test platform)', () => {
    expect(CM_DELIVERY_STATUSES['4']).toBe('read');
    expect(normalizeStatusReport(template('4'))).toMatchObject({ status: 'read', providerStatus: '4' });
  });

  it('the table has exactly the five codes a source numbers', () => {
    expect(Object.keys(CM_DELIVERY_STATUSES).sort()).toEqual(['0', '1', '2', '3', '4']);
  });

  it("reads specs/cm.yaml's examples: a string code (delivered) and a numeric one (failed)", () => {
    expect(normalizeStatusReport(specExample('cm', 'statusReport', 'delivered'))).toMatchObject({
      status: 'delivered',
      providerStatus: '2',
      reference: 'my_reference_123',
    });
    expect(normalizeStatusReport(JSON.stringify(specExample('cm', 'statusReport', 'failed')))).toMatchObject({
      status: 'failed',
      providerStatus: '3',
      reference: 'my_reference_124',
    });
  });

  it('an undocumented code is unknown, kept as sent: CM\'s template verbatim ("[STATUS]"), 5, -1', () => {
    const verbatim = fidelityCase('cm', 'cm-docs-status-report-template', 'cm-docs JSON status report template');
    expect(normalizeStatusReport(verbatim)).toMatchObject({
      status: 'unknown',
      providerStatus: '[STATUS]',
      errorCode: '[STATUSDESCRIPTION]',
      errorDescription: '[STANDARDERRORTEXT]',
    });
    for (const code of ['5', 5, '-1', '04', 'constructor', '__proto__']) {
      expect(normalizeStatusReport(template(code)).status).toBe('unknown');
    }
  });

  it('keeps the error code and text beside the status', () => {
    const body = template('3');
    Object.assign(body.messages.msg.status, { errorCode: 5, errorDescription: 'Absent subscriber' });
    expect(normalizeStatusReport(body)).toMatchObject({
      status: 'failed',
      errorCode: '5',
      errorDescription: 'Absent subscriber',
    });
  });

  it('the same report twice has the same id; another status, recipient or reference another', () => {
    const id = normalizeStatusReport(template('2')).eventId;
    expect(normalizeStatusReport(JSON.stringify(template('2'))).eventId).toBe(id);
    expect(normalizeStatusReport(template(2)).eventId).toBe(id);
    expect(normalizeStatusReport(template('3')).eventId).not.toBe(id);
    const other = template('2');
    other.messages.msg.reference = 'order-4712';
    expect(normalizeStatusReport(other).eventId).not.toBe(id);
  });

  it('refuses what is not a status report with a ValidationError', () => {
    expect(() => normalizeStatusReport('{')).toThrow(ValidationError);
    expect(() => normalizeStatusReport({ messages: {} })).toThrow(ValidationError);
  });

  describe("the XML format (the same page's XML template)", () => {
    // Verbatim from https://developers.cm.com/messaging/docs/incoming-status-report ("Or in XML format").
    const TEMPLATE = `<MESSAGES>
	<MSG RECEIVED="[CREATED_S]">
		<TO>[GSM]</TO>
		<REFERENCE>[REFERENCE]</REFERENCE>
		<STATUS>
			<CODE>[STATUS]</CODE>
			<ERRORCODE>[STATUSDESCRIPTION]</ERRORCODE>
			<ERRORDESCRIPTION>[STANDARDERRORTEXT]</ERRORDESCRIPTION>
		</STATUS>
	</MSG>
</MESSAGES>`;
    const filled = (code: string) =>
      TEMPLATE.replace('[CREATED_S]', '2024-05-14T10:31:02')
        .replace('[GSM]', '00447911123456')
        .replace('[REFERENCE]', 'order-4711')
        .replace('[STATUS]', code)
        .replace('[STATUSDESCRIPTION]', '')
        .replace('[STANDARDERRORTEXT]', '');

    it('reads the template verbatim (placeholders: unknown) and filled in, with the same ids as the JSON form', () => {
      expect(normalizeStatusReport(TEMPLATE)).toMatchObject({
        status: 'unknown',
        providerStatus: '[STATUS]',
        recipient: '[GSM]',
        reference: '[REFERENCE]',
        occurredAt: '[CREATED_S]',
      });
      for (const [code, status] of Object.entries(CM_DELIVERY_STATUSES)) {
        const fromXml = normalizeStatusReport(filled(code));
        expect(fromXml).toMatchObject({ status, providerStatus: code, reference: 'order-4711', errorCode: undefined });
        const fromJson = normalizeStatusReport(template(code));
        expect(fromXml.eventId).toBe(fromJson.eventId);
      }
    });

    it('takes a prolog, any case of element names, self-closing elements and entities', () => {
      const xml = `<?xml version="1.0" encoding="utf-8"?>
<messages><msg received='2024-05-14T10:31:02'><to>00447911123456</to><reference>a&amp;b&#x2F;&#49;</reference>
<status><code>3</code><errorcode>5</errorcode><errordescription>&lt;absent&gt; &quot;subscriber&quot;</errordescription></status><OPERATOR/></msg></messages>`;
      expect(normalizeStatusReport(xml)).toMatchObject({
        status: 'failed',
        reference: 'a&b/1',
        errorCode: '5',
        errorDescription: '<absent> "subscriber"',
      });
    });

    it.each([
      ['no MESSAGES', '<MSG><TO>1</TO><STATUS><CODE>2</CODE></STATUS></MSG>'],
      ['two MSG', `<MESSAGES>${'<MSG><TO>1</TO><STATUS><CODE>2</CODE></STATUS></MSG>'.repeat(2)}</MESSAGES>`],
      ['no TO', '<MESSAGES><MSG><STATUS><CODE>2</CODE></STATUS></MSG></MESSAGES>'],
      ['no STATUS', '<MESSAGES><MSG><TO>1</TO></MSG></MESSAGES>'],
      ['not closed', '<MESSAGES><MSG><TO>1</TO><STATUS><CODE>2</CODE></STATUS>'],
    ])('refuses %s with a ValidationError', (_, xml) => {
      expect(() => normalizeStatusReport(xml)).toThrow(ValidationError);
    });
  });
});
