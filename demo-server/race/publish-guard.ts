/** Channels of races: `race:<id>`. */
export const RACE_CHANNEL_PREFIX = 'race:';

/**
 * Why a client may not publish into `channel`, or null when it may. Race channels carry only the
 * server's timestamped events, so that nobody can pollute a race; subscribing stays allowed.
 */
export function raceChannelRefusal(channel: string): string | null {
  if (!channel.startsWith(RACE_CHANNEL_PREFIX)) return null;
  return `channel "${channel}" belongs to a race: only the server publishes there (you may subscribe)`;
}
