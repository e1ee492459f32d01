import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/** Turns a zod error into one sentence a student can act on: `channel: invalid channel name`. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
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
): { ok: true; value: T } | { ok: false; error: string } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describeZodError(result.error) };
}
