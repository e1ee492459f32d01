import { z } from 'zod';

/** Channel names: lowercase, digits and `:_-`, 1-64 characters, not starting with punctuation. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9:_-]{0,63}$/;

/** Validates a channel name, with a message a student can act on. */
export const channelNameSchema = z
  .string()
  .regex(
    CHANNEL_NAME_PATTERN,
    'invalid channel name: use 1-64 characters a-z, 0-9, ":", "_" or "-", starting with a letter or digit',
  );

/** True when `name` is a valid channel name. */
export function isChannelName(name: string): boolean {
  return CHANNEL_NAME_PATTERN.test(name);
}
