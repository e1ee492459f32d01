/** Channel names: lowercase, digits and `:_-`, 1-64 characters, not starting with punctuation. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9:_-]{0,63}$/;

/** True when `name` is a valid channel name. */
export function isChannelName(name: string): boolean {
  return CHANNEL_NAME_PATTERN.test(name);
}
