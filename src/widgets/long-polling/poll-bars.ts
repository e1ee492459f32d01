import type { RequestRecord } from '../../transports';
import { appendBounded } from '../shared/store';

/** How a poll ended: the client's outcomes, or cancelled by the widget (timeout changed). */
export type PollOutcome = RequestRecord['outcome'] | 'cancelled';

/** One long poll on the timeline, from the moment it was sent. */
export interface PollBar {
  /** Sending order, for keys. */
  seq: number;
  startedAt: number;
  /** The hold it asked for (`timeout=`); 0 for the first poll, which asks for an answer at once. */
  holdMs: number;
  /** Undefined while the server holds it. */
  endedAt?: number;
  outcome?: PollOutcome;
  status?: number;
  messages?: number;
  /** From the previous answer to this poll leaving (undefined after an error or a cancel). */
  gapMs?: number;
}

/** The part of a store's state these functions update. */
interface PollsState {
  polls: PollBar[];
  lastGapMs?: number;
}

const ANSWERED: readonly (PollOutcome | undefined)[] = ['messages', 'empty', 'timeout'];

/** A poll just left at `now`, asking the server to hold it up to `holdMs`. */
export function openPoll(state: PollsState, now: number, holdMs: number, max: number): PollsState {
  const previous = state.polls.at(-1);
  const gapMs =
    previous?.endedAt !== undefined && ANSWERED.includes(previous.outcome)
      ? now - previous.endedAt
      : undefined;
  const bar: PollBar = { seq: (previous?.seq ?? 0) + 1, startedAt: now, holdMs, gapMs };
  return {
    polls: appendBounded(state.polls, bar, max),
    lastGapMs: gapMs ?? state.lastGapMs,
  };
}

/** The open poll got its answer (or failed), as the client reports it. */
export function answerPoll(state: PollsState, record: RequestRecord, max: number): PollsState {
  const open = state.polls.at(-1);
  const ending = {
    endedAt: record.endedAt,
    outcome: record.outcome,
    status: record.status,
    messages: record.messages,
  };
  if (open && open.endedAt === undefined) {
    return { polls: [...state.polls.slice(0, -1), { ...open, ...ending }] };
  }
  // Not seen leaving (should not happen): drawn from the client's own start time.
  const bar: PollBar = { seq: (open?.seq ?? 0) + 1, startedAt: record.startedAt, holdMs: NaN };
  return { polls: appendBounded(state.polls, { ...bar, ...ending }, max) };
}

/** The open poll, if any, was aborted at `now` (the widget replaced or stopped its client). */
export function cancelPoll(state: PollsState, now: number): PollsState {
  const open = state.polls.at(-1);
  if (!open || open.endedAt !== undefined) return { polls: state.polls };
  return { polls: [...state.polls.slice(0, -1), { ...open, endedAt: now, outcome: 'cancelled' }] };
}
