import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/** Turns a zod error into one sentence a student can act on: `channel: invalid channel name`. */
export function describeZodError(error: ZodError): string {
  return describeIssues(error, true, (keys) => `unknown field(s) ${keys}`);
}

/**
 * The same in Spanish, for the chat and its token routes: their schemas' messages (in
 * src/protocol/chat-schemas.ts) already name the field, so no path goes before them.
 */
export function describeChatError(error: ZodError): string {
  return describeIssues(error, false, (keys) => `campo(s) desconocido(s): ${keys}`);
}

function describeIssues(
  error: ZodError,
  withPath: boolean,
  unknownKeys: (quotedKeys: string) => string,
): string {
  return error.issues
    .map((issue) => {
      const where = withPath && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const message =
        issue.code === 'unrecognized_keys'
          ? unknownKeys(issue.keys.map((k) => `"${k}"`).join(', '))
          : issue.message;
      return where + message;
    })
    .join('; ');
}

/** Parses untrusted input with a schema: the value, or the reason it was refused. */
export function validate<T>(
  // Input `unknown`: T is what the schema outputs (defaults filled in), whatever it accepts.
  schema: ZodType<T, ZodTypeDef, unknown>,
  input: unknown,
  describe: (error: ZodError) => string = describeZodError,
): { ok: true; value: T } | { ok: false; error: string } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describe(result.error) };
}
