import type { ZodType, ZodTypeDef } from 'zod';
import type { ChatAck, ChatErrorCode } from '../../src/protocol';
import { BusCapacityError } from '../bus/types';
import { describeChatError, validate } from '../lib/validation';

/** An acknowledgement function, when the client asked for one. */
type AckFn = ((answer: ChatAck<object>) => void) | undefined;

/** A refused chat action, thrown inside a handler and answered as `{ ok: false, code, error }`. */
export class ChatRefusal extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Wraps a `/chat` or `/notifications` event handler: finds the ack among the arguments (a client
 * may send none, or only the ack), validates the payload, answers refusals and unexpected errors
 * through the ack, and never lets an exception escape into the process.
 */
export function chatHandler<P>(
  schema: ZodType<P, ZodTypeDef, unknown>,
  handler: (payload: P) => object | void | Promise<object | void>,
): (...args: unknown[]) => void {
  return (...args) => {
    const last = args.at(-1);
    const ack: AckFn = typeof last === 'function' ? (last as AckFn) : undefined;
    const raw = typeof args[0] === 'function' ? undefined : args[0];
    const run = async () => {
      const input = validate(schema, raw, describeChatError);
      if (!input.ok) throw new ChatRefusal('INVALID', input.error);
      const answer = await handler(input.value);
      ack?.({ ok: true, ...(answer ?? {}) });
    };
    run().catch((error: unknown) => {
      if (error instanceof ChatRefusal) {
        ack?.({ ok: false, code: error.code, error: error.message });
        return;
      }
      if (error instanceof BusCapacityError) {
        ack?.({
          ok: false,
          code: 'INVALID',
          error: 'el servidor tiene demasiadas salas activas: prueba dentro de un rato',
        });
        return;
      }
      console.error('chat handler failed:', error);
      ack?.({ ok: false, code: 'INVALID', error: 'error interno del servidor' });
    });
  };
}
