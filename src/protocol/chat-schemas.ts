import { z } from 'zod';
import { CHANNEL_NAME_PATTERN } from './channel';
import { CHAT_LIMITS } from './chat';

/**
 * The zod schemas the server checks chat input with (token requests, `/chat` and
 * `/notifications` payloads). Apart from `chat.ts` so browser bundles never pull in zod.
 * Messages are in Spanish: they reach the student as they are.
 */

/** Line breaks and other control characters have no place in a display name. */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** Characters as a person counts them (an emoji is one), not UTF-16 units. */
const charCount = (text: string) => [...text].length;

/** A display name: trimmed, 1-32 characters, no control characters. */
const chatNameSchema = z
  .string({
    required_error: 'falta el nombre: envía {"name": "<tu nombre>"}',
    invalid_type_error: 'el nombre ("name") debe ser un texto',
  })
  .max(512, `el nombre es demasiado largo: como mucho ${CHAT_LIMITS.maxNameLength} caracteres`)
  .transform((name) => name.trim())
  .refine((name) => charCount(name) >= CHAT_LIMITS.minNameLength, {
    message: 'el nombre está vacío: escribe al menos un carácter',
  })
  .refine((name) => charCount(name) <= CHAT_LIMITS.maxNameLength, {
    message: `el nombre es demasiado largo: como mucho ${CHAT_LIMITS.maxNameLength} caracteres`,
  })
  .refine((name) => !CONTROL_CHARACTERS.test(name), {
    message: 'el nombre no puede llevar saltos de línea ni caracteres de control',
  });

/** A token lifetime in seconds, as `/auth/token` and `/auth/refresh` accept it. */
const expiresInSchema = z
  .number({ invalid_type_error: 'la duración ("expiresIn") debe ser un número de segundos' })
  .int('la duración ("expiresIn") debe ser un número entero de segundos')
  .min(
    CHAT_LIMITS.minTokenTtlSeconds,
    `la duración ("expiresIn") va de ${CHAT_LIMITS.minTokenTtlSeconds} a ${CHAT_LIMITS.tokenTtlSeconds} segundos`,
  )
  .max(
    CHAT_LIMITS.tokenTtlSeconds,
    `la duración ("expiresIn") va de ${CHAT_LIMITS.minTokenTtlSeconds} a ${CHAT_LIMITS.tokenTtlSeconds} segundos`,
  );

/** Body of `POST /auth/token`. An empty `instructorKey` counts as none (an empty form field). */
export const tokenRequestSchema = z
  .object(
    {
      name: chatNameSchema,
      instructorKey: z
        .string({ invalid_type_error: 'la clave de docente ("instructorKey") debe ser un texto' })
        .max(256, 'la clave de docente es demasiado larga')
        .optional()
        .transform((key) => (key === '' ? undefined : key)),
      expiresIn: expiresInSchema.optional(),
    },
    {
      required_error: 'el cuerpo debe ser un objeto JSON como {"name": "Ana"}',
      invalid_type_error: 'el cuerpo debe ser un objeto JSON como {"name": "Ana"}',
    },
  )
  .strict();

/** Body of `POST /auth/refresh` (the body may also be absent): only the new lifetime. */
export const refreshRequestSchema = z
  .object(
    { expiresIn: expiresInSchema.optional() },
    {
      invalid_type_error: 'el cuerpo debe ser un objeto JSON como {"expiresIn": 3600}, o ninguno',
    },
  )
  .strict();

/** A room name: the channel-name rule, with a Spanish message. */
const roomNameSchema = z
  .string({
    required_error: 'falta la sala ("room")',
    invalid_type_error: 'la sala ("room") debe ser un texto',
  })
  .regex(
    CHANNEL_NAME_PATTERN,
    'nombre de sala no válido: de 1 a 64 caracteres a-z, 0-9, ":", "_" o "-", empezando por letra o dígito',
  );

/** A chat or notification text: 1..2,000 characters. */
const chatTextSchema = z
  .string({
    required_error: 'falta el texto ("text")',
    invalid_type_error: 'el texto ("text") debe ser un texto',
  })
  .refine((text) => text.trim().length > 0, { message: 'el mensaje está vacío' })
  .refine((text) => text.length <= CHAT_LIMITS.maxTextLength, {
    message: `el mensaje es demasiado largo: como mucho ${CHAT_LIMITS.maxTextLength.toLocaleString('es')} caracteres`,
  });

const payload = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape, {
      required_error: 'falta el objeto del evento',
      invalid_type_error: 'el evento debe llevar un objeto',
    })
    .strict();

/** Payloads of the events a client emits on `/chat` and `/notifications`. */
export const chatPayloadSchemas = {
  join: payload({ room: roomNameSchema }),
  leave: payload({ room: roomNameSchema }),
  message: payload({ room: roomNameSchema, text: chatTextSchema }),
  typing: payload({ room: roomNameSchema }),
  notifyUser: payload({
    userId: z
      .string({ invalid_type_error: 'el destinatario ("userId") debe ser un texto' })
      .min(1, 'falta el destinatario ("userId")')
      .max(64, 'el destinatario ("userId") no es un id de usuario'),
    text: chatTextSchema,
  }),
  notifyAll: payload({ text: chatTextSchema }),
  renew: payload({
    token: z
      .string({
        required_error: 'falta el token ("token")',
        invalid_type_error: 'el token ("token") debe ser un texto',
      })
      .min(1, 'falta el token ("token")')
      .max(CHAT_LIMITS.maxTokenLength, 'el token no es válido: es demasiado largo'),
  }),
};
