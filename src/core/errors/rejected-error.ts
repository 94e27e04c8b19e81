import { messageText, SwitchboardError } from './switchboard-error.ts';

/**
 * The provider answered and refused the message itself, though the request as a whole succeeded: CM answers per
 * recipient, and this is a CM message none of whose recipients was accepted. Nothing was sent; `code` is the
 * provider's reason code (CM's `messageErrorCode` of the first recipient).
 */
export class MessageRejectedError extends SwitchboardError {
  override readonly name = 'MessageRejectedError';
  readonly code: number | string | undefined;
  readonly outcomeUnknown = false;
  readonly attempts: number = 1;

  constructor(message: string, code?: number | string) {
    super(messageText(message, 'The provider rejected the message'));
    this.code = typeof code === 'number' || typeof code === 'string' ? code : undefined;
  }
}
