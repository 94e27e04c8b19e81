/**
 * Webex delivery callbacks → DeliveryStatus, one test per row of WEBEX_CALLBACK_STATUSES and WEBEX_RECEIPT_STATUSES,
 * on payloads from sources: the fidelity corpus (Webex Connect's and IMIconnect's webhook pages, the sandbox
 * OpenAPI) and the named examples of specs/webex.yaml's deliveryCallback webhook.
 */
import { describe, expect, it } from 'vitest';
import {
  normalizeCallback,
  ValidationError,
  WEBEX_CALLBACK_STATUSES,
  WEBEX_RECEIPT_STATUSES,
} from '../../src/webex/index.ts';
import { fidelityCase, specExample } from '../webhooks/sources.ts';

const sandboxDelivered = () =>
  fidelityCase('webex', 'vendor-sandbox-callback-message-event', 'sandbox-message-event-delivered');

describe('Webex callbacks (CallbackMessageEvent) in the shared vocabulary', () => {
  it('DELIVERED is delivered: the sandbox OpenAPI callback, as reconstructed in the corpus', () => {
    expect(normalizeCallback(sandboxDelivered())).toEqual({
      type: 'status',
      provider: 'webex',
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      status: 'delivered',
      providerStatus: 'DELIVERED',
      errorCode: undefined,
      errorDescription: undefined,
      messageId: '96fe8948-bc7c-4eae-8118-78f0ad64f27c',
      reference: 'de36bb32-3f5d-46c9-b132-15e010a80ccc',
      recipient: undefined,
      occurredAt: '2021-07-29T13:45:33.404Z',
      raw: expect.objectContaining({ status: 'DELIVERED' }),
    });
  });

  it('FAILED is failed, with the error beside it (specs/webex.yaml messageEventFailed)', () => {
    expect(normalizeCallback(specExample('webex', 'deliveryCallback', 'messageEventFailed'))).toMatchObject({
      status: 'failed',
      providerStatus: 'FAILED',
      errorCode: '7203',
      errorDescription: 'Unknown Subscriber address',
    });
  });

  it.each([
    ['QUEUED', 'queued'],
    ['SENT', 'sent'],
    ['DELIVERED', 'delivered'],
    ['FAILED', 'failed'],
  ] as const)('%s is %s (sandbox OpenAPI enum; connect-sdk-java SmsStatus)', (status, expected) => {
    expect(WEBEX_CALLBACK_STATUSES[status]).toBe(expected);
    expect(normalizeCallback({ ...sandboxDelivered(), status })).toMatchObject({ status: expected });
  });
});

describe('Webex receipts (deliveryInfoNotification) in the shared vocabulary', () => {
  it.each([
    ['Submitted', 'sent', 'webex', 'vendor-sms-webhooks-webexconnect-older-revision', 'sms-1-older-submitted-7501'],
    ['Submitted', 'sent', 'webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-submitted'],
    ['Submitted', 'sent', 'webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-submitted'],
    ['Delivered', 'delivered', 'webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-delivered'],
    ['Failed', 'failed', 'webex', 'vendor-sms-webhooks-imiconnect-revision', 'sms-1-imiconnect-failed-7101'],
    ['Failed', 'failed', 'webex', 'vendor-sms-webhooks-webexconnect-older-revision', 'sms-1-older-failed-7107'],
  ] as const)('%s is %s (%s corpus %s, %s)', (deliveryStatus, expected, provider, file, name) => {
    const body = fidelityCase(provider, file, name);
    const event = normalizeCallback(body);
    expect(event).toMatchObject({ type: 'status', status: expected, providerStatus: deliveryStatus });
    expect(event.messageId).toBe(body.deliveryInfoNotification.transid);
  });

  it('a failure keeps its code and description; a success does not call its code an error', () => {
    expect(
      normalizeCallback(
        fidelityCase('webex', 'vendor-sms-webhooks-imiconnect-revision', 'sms-1-imiconnect-failed-7102'),
      ),
    ).toMatchObject({
      status: 'failed',
      errorCode: '7102',
      errorDescription: 'Invalid address',
      recipient: '9189xxxxxxxx',
    });
    expect(normalizeCallback(specExample('webex', 'deliveryCallback', 'delivered'))).toMatchObject({
      status: 'delivered',
      errorCode: undefined,
      errorDescription: undefined,
    });
  });

  it('Un-Delivered is failed (specs/webex.yaml example undelivered, 7201 "Delivery failed at Operator")', () => {
    expect(WEBEX_RECEIPT_STATUSES['un-delivered']).toBe('failed');
    expect(normalizeCallback(specExample('webex', 'deliveryCallback', 'undelivered'))).toMatchObject({
      status: 'failed',
      providerStatus: 'Un-Delivered',
      errorCode: '7201',
      errorDescription: 'Delivery failed at Operator',
    });
  });

  it('code 7208 "Message expired" (error-code table, Un-Delivered) is expired', () => {
    const body = specExample('webex', 'deliveryCallback', 'undelivered');
    Object.assign(body.deliveryInfoNotification.deliveryInfo, { code: '7208', Description: 'Message expired' });
    expect(normalizeCallback(body)).toMatchObject({
      status: 'expired',
      providerStatus: 'Un-Delivered',
      errorCode: '7208',
    });
  });

  it('Clicked (7528, a shortened link opened) is an other event, not a delivery status', () => {
    const body = fidelityCase('webex', 'vendor-sms-outbound-webhooks-6.20', 'wh-620-clicked');
    expect(normalizeCallback(body)).toMatchObject({
      type: 'other',
      provider: 'webex',
      name: 'Clicked',
      messageId: '4b72d8a2-290d-XXXX-993e-3bd8edf31c81',
    });
  });

  it('matches without regard to case; a status no source names is unknown', () => {
    const body = fidelityCase('webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-delivered');
    body.deliveryInfoNotification.deliveryInfo.deliveryStatus = 'DELIVERED';
    expect(normalizeCallback(body)).toMatchObject({ status: 'delivered' });
    for (const deliveryStatus of ['Buffered', 'Read', 'constructor', '']) {
      body.deliveryInfoNotification.deliveryInfo.deliveryStatus = deliveryStatus;
      expect(normalizeCallback(body)).toMatchObject({ status: 'unknown', providerStatus: deliveryStatus });
    }
  });

  it('the same receipt twice has the same id; another status another', () => {
    const body = fidelityCase('webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-delivered');
    const submitted = fidelityCase('webex', 'vendor-legacy-imiconnect-docs-notifications', 'legacy-dr-submitted');
    expect(normalizeCallback(JSON.stringify(body)).eventId).toBe(normalizeCallback(body).eventId);
    expect(normalizeCallback(submitted).eventId).not.toBe(normalizeCallback(body).eventId);
  });

  it('refuses what is not a callback with a ValidationError', () => {
    expect(() => normalizeCallback('[]')).toThrow(ValidationError);
    expect(() => normalizeCallback({ ...sandboxDelivered(), status: 'READ' })).toThrow(ValidationError);
  });
});
