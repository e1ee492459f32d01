import { describe, expect, it } from 'vitest';
import { laneOf, raceTagOf } from './tagging';
import { newRaceId, RACE_ID_PATTERN } from './race-id';

describe('laneOf', () => {
  it.each([
    ['/poll/race:abc', false, 'short-polling'],
    ['/long-poll/race:abc', false, 'long-polling'],
    ['/sse/race:abc', false, 'sse'],
    ['/socket.io/', false, 'socket-io'],
    ['/socket.io/', true, 'socket-io'],
    ['/ws', true, 'websocket'],
    ['/ws', false, null],
    ['/poll/race:abc', true, null],
    ['/time', false, null],
    ['/races/abc', false, null],
    ['/channels/race:abc/messages', false, null],
  ] as const)('%s (upgrade %s) -> %s', (path, upgrade, lane) => {
    expect(laneOf(path, upgrade)).toBe(lane);
  });
});

describe('raceTagOf', () => {
  it('reads ?race= and the lane from a request URL', () => {
    expect(raceTagOf('/sse/race:x?race=abc123abc123&lastEventId=1', false)).toEqual({
      raceId: 'abc123abc123',
      lane: 'sse',
    });
    expect(raceTagOf('/socket.io/?EIO=4&transport=polling&race=r', false)).toEqual({
      raceId: 'r',
      lane: 'socket-io',
    });
  });

  it('finds no tag without the parameter or outside a lane', () => {
    expect(raceTagOf('/sse/demo', false)).toBeNull();
    expect(raceTagOf('/time?race=abc123abc123', false)).toBeNull();
    expect(raceTagOf(undefined, false)).toBeNull();
  });
});

describe('newRaceId', () => {
  it('makes 12 base-36 characters, different each time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRaceId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(RACE_ID_PATTERN);
  });

  it('skips bytes of 252 and above, so every character is equally likely', () => {
    const bytes = [255, 252, 0, 35, 36, 251, 71, 72, 1, 2, 3, 4, 5, 6];
    let i = 0;
    const random = (size: number) => Uint8Array.from({ length: size }, () => bytes[i++ % 14]!);
    expect(newRaceId(random)).toBe('0z0zz0123456');
  });
});
