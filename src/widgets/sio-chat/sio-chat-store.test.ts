import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatUser } from '../../protocol';
import { createFakeNamespaceIo } from '../../chat/testing/fake-namespace';
import { FakeFetch, ManualClock, settle } from '../../transports/testing/fakes';
import { identityKey } from './identity-storage';
import {
  BURST_SIZE,
  createSioChatStore,
  TYPING_EVERY_MS,
  TYPING_SHOWN_MS,
  type SioChatStore,
} from './sio-chat-store';
import { activeRoom, typingText } from './chat-state';

const SERVER = 'http://localhost:3001';
const ana: ChatUser = { id: 'u1', name: 'Ana', role: 'student' };
const luis: ChatUser = { id: 'u2', name: 'Luis', role: 'student' };
const profe: ChatUser = { id: 'u9', name: 'Profe', role: 'instructor' };
const KEY = 'clave-secreta-del-docente';
const msg = (id: string, text: string, from = ana): ChatMessage => ({
  id,
  room: 'general',
  text,
  from,
  ts: 1,
});

describe('chat widget store', () => {
  let fake: ReturnType<typeof createFakeNamespaceIo>;
  let fetch: FakeFetch;
  let clock: ManualClock;
  let storage: Map<string, string>;
  let probeFails: boolean;
  let store: SioChatStore;
  const chat = () => fake.of('/chat');
  const notifications = () => fake.of('/notifications');

  function create() {
    store = createSioChatStore(SERVER, {
      loadIo: async () => fake.io,
      fetch: fetch.fetch,
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
      clock,
      probe: async () => {
        if (probeFails) throw new Error('fetch failed');
      },
    });
    store.start();
  }

  beforeEach(() => {
    fake = createFakeNamespaceIo();
    fetch = new FakeFetch();
    clock = new ManualClock();
    storage = new Map();
    probeFails = false;
  });

  afterEach(() => store.stop());

  /** Signs in as Ana, connects both namespaces and answers the automatic join of #general. */
  async function signedIn(members: ChatUser[] = [ana]) {
    create();
    await settle();
    const signing = store.signIn('  Ana ');
    await fetch.last.respond(200, { token: 'tok-1', expiresIn: 3600, user: ana });
    await signing;
    chat().serverConnect({ id: 'sock-1' });
    notifications().serverConnect({ id: 'sock-n' });
    chat().last('chat:join').resolve!({
      ok: true,
      room: 'general',
      history: [msg('h1', 'antes')],
      members,
    });
    await settle();
  }

  it('rests idle without an identity, and says offline while the server is down', async () => {
    probeFails = true;
    create();
    await settle();
    expect(store.get()).toMatchObject({ connection: 'offline', detail: 'fetch failed' });
    probeFails = false;
    await clock.advance(3_000);
    expect(store.get().connection).toBe('idle');
    expect(fake.sockets).toHaveLength(0);
  });

  it('gets a token, keeps it in sessionStorage per server, connects both namespaces and joins #general', async () => {
    await signedIn();
    expect(JSON.parse(fetch.requests[0]!.body!)).toEqual({ name: 'Ana' });
    expect(JSON.parse(storage.get(identityKey(SERVER))!)).toMatchObject({
      token: 'tok-1',
      user: ana,
    });
    expect(chat().authToken()).toBe('tok-1');
    expect(notifications().authToken()).toBe('tok-1');
    const state = store.get();
    expect(state).toMatchObject({
      connection: 'connected',
      user: ana,
      socketId: 'sock-1',
      active: 'general',
    });
    expect(activeRoom(state)!.messages.map((m) => m.text)).toEqual(['antes']);
    expect(state.notificationsConnected).toBe(true);
  });

  it('a reload finds the identity and connects without asking for a name', async () => {
    await signedIn();
    store.stop();
    fake = createFakeNamespaceIo();
    create();
    await settle();
    expect(fetch.requests).toHaveLength(1);
    expect(store.get().user).toEqual(ana);
    expect(chat().connectCalls).toBe(1);
  });

  it("shows the server's reason when it refuses the name", async () => {
    create();
    await settle();
    const signing = store.signIn('');
    await fetch.last.respond(400, { error: 'name: demasiado corto' });
    await signing;
    expect(store.get().refusals[0]).toMatchObject({
      code: 'HTTP 400',
      text: expect.stringMatching(/demasiado corto/),
    });
    expect(fake.sockets).toHaveLength(0);
  });

  it('a blank instructor key is not sent: the token is a student’s', async () => {
    create();
    await settle();
    const signing = store.signIn('Ana', '   ');
    await fetch.last.respond(200, { token: 'tok-1', expiresIn: 3600, user: ana });
    await signing;
    expect(JSON.parse(fetch.requests[0]!.body!)).toEqual({ name: 'Ana' });
  });

  it('with the instructor key: an instructor token, kept without the key; #instructors and notify:all work', async () => {
    create();
    await settle();
    const signing = store.signIn(' Profe ', ` ${KEY} `);
    expect(JSON.parse(fetch.last.body!)).toEqual({ name: 'Profe', instructorKey: KEY });
    await fetch.last.respond(200, { token: 'tok-i', expiresIn: 3600, user: profe });
    await signing;
    expect(store.get().user).toEqual(profe);
    const stored = storage.get(identityKey(SERVER))!;
    expect(JSON.parse(stored)).toMatchObject({ token: 'tok-i', user: profe });
    expect(stored).not.toContain(KEY);
    expect(chat().authToken()).toBe('tok-i');
    expect(notifications().authToken()).toBe('tok-i');

    chat().serverConnect({ id: 'sock-i' });
    notifications().serverConnect({ id: 'sock-n' });
    chat().last('chat:join').resolve!({ ok: true, room: 'general', history: [], members: [profe] });
    const joining = store.join('instructors');
    expect(chat().last('chat:join').args[0]).toEqual({ room: 'instructors' });
    chat().last('chat:join').resolve!({
      ok: true,
      room: 'instructors',
      history: [],
      members: [profe],
    });
    await joining;
    expect(store.get().active).toBe('instructors');

    const announcing = store.notifyEveryone('Descanso de 10 minutos');
    expect(notifications().last('notify:all').args).toEqual([{ text: 'Descanso de 10 minutos' }]);
    notifications().last('notify:all').resolve!({ ok: true, delivered: 31 });
    await announcing;
    expect(store.get().delivery).toBe('notify:all: llegó a 31 sockets.');
    expect(store.get().refusals).toEqual([]);

    // A reload is still the instructor, from the stored token alone.
    store.stop();
    fake = createFakeNamespaceIo();
    create();
    await settle();
    expect(fetch.requests).toHaveLength(1);
    expect(store.get().user).toEqual(profe);
    expect(chat().authToken()).toBe('tok-i');
  });

  it('a wrong instructor key: the server’s 403 reason, beside the field and among the refusals', async () => {
    create();
    await settle();
    const reason = 'la clave de docente no es correcta: pídela a quien arrancó el servidor';
    let signing = store.signIn('Profe', 'mala');
    await fetch.last.respond(403, { error: reason });
    await signing;
    expect(store.get().refusals[0]).toMatchObject({
      action: 'POST /auth/token (con clave de docente)',
      code: 'HTTP 403',
      text: `El servidor no dio el token: ${reason}`,
    });
    expect(store.get().keyError).toBe(`El servidor no dio el token: ${reason}`);
    expect(store.get().user).toBeUndefined();
    expect(storage.has(identityKey(SERVER))).toBe(false);
    expect(fake.sockets).toHaveLength(0);

    // A bad name is no key problem; the right key clears the message.
    signing = store.signIn('', KEY);
    await fetch.last.respond(400, { error: 'name: demasiado corto' });
    await signing;
    expect(store.get().keyError).toBeUndefined();
    signing = store.signIn('Profe', KEY);
    await fetch.last.respond(200, { token: 'tok-i', expiresIn: 3600, user: profe });
    await signing;
    expect(store.get()).toMatchObject({ user: profe, keyError: undefined });
  });

  it('an auth refusal on connect forgets the token and says why', async () => {
    await signedIn();
    // TOKEN_EXPIRED ends the session instead (tested below); any other refusal is an error.
    chat().serverRefuse('refused', { code: 'UNAUTHORIZED', message: 'El token no es válido' });
    expect(store.get()).toMatchObject({ connection: 'error', user: undefined });
    expect(store.get().detail).toMatch(/UNAUTHORIZED: El token no es válido/);
    expect(store.get().refusals[0]).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(storage.has(identityKey(SERVER))).toBe(false);
    expect(chat().listenerCount).toBe(0);
  });

  it('a network failure is offline, and a new socket joins its rooms again', async () => {
    await signedIn();
    const joining = store.join('dudas');
    chat().last('chat:join').resolve!({ ok: true, room: 'dudas', history: [], members: [ana] });
    await joining;
    chat().serverDisconnect('transport close');
    expect(store.get().connection).toBe('offline');
    chat().serverConnect({ id: 'sock-2' });
    const joins = chat()
      .emits.filter((e) => e.event === 'chat:join')
      .slice(-2);
    expect(joins.map((e) => e.args[0])).toEqual([{ room: 'general' }, { room: 'dudas' }]);
  });

  it('a recovered socket does not join again', async () => {
    await signedIn();
    chat().serverDisconnect('transport close');
    const before = chat().emits.length;
    chat().serverConnect({ id: 'sock-1', recovered: true });
    expect(chat().emits.length).toBe(before);
    expect(store.get().recovered).toBe(true);
  });

  it('shows every chat refusal with its code and reason', async () => {
    await signedIn();
    const joining = store.join('instructors');
    chat().last('chat:join').resolve!({
      ok: false,
      code: 'FORBIDDEN',
      error: 'Solo para docentes',
    });
    await joining;
    const sending = store.send('x'.repeat(2001));
    chat().last('chat:message').resolve!({
      ok: false,
      code: 'INVALID',
      error: 'Máximo 2000 caracteres',
    });
    expect(await sending).toBe(false);
    await store.join('Mal Nombre');
    expect(store.get().refusals.map((r) => [r.action, r.code])).toEqual([
      ['chat:join #Mal Nombre', 'INVALID'],
      ['chat:message #general', 'INVALID'],
      ['chat:join #instructors', 'FORBIDDEN'],
    ]);
    expect(store.get().refusals[2]!.text).toBe('Solo para docentes');
  });

  it('an unanswered join is reported as a timeout', async () => {
    await signedIn();
    const joining = store.join('dudas');
    chat().last('chat:join').reject!(new Error('operation has timed out'));
    await joining;
    expect(store.get().refusals[0]).toMatchObject({
      code: 'TIMEOUT',
      text: expect.stringMatching(/no respondió a chat:join/),
    });
  });

  it('a burst sums up the RATE_LIMITED refusals', async () => {
    await signedIn();
    const bursting = store.burst();
    const sends = chat().emits.filter((e) => e.event === 'chat:message');
    expect(sends).toHaveLength(BURST_SIZE);
    sends.forEach((e, i) =>
      e.resolve!(
        i < 5
          ? { ok: true, message: msg(`b${i}`, `ráfaga ${i + 1}`) }
          : { ok: false, code: 'RATE_LIMITED', error: 'Demasiados mensajes' },
      ),
    );
    await bursting;
    expect(activeRoom(store.get())!.messages).toHaveLength(6);
    expect(store.get().refusals[0]).toMatchObject({
      code: 'RATE_LIMITED',
      text: expect.stringMatching(/^3 de 8 rechazados/),
    });
  });

  it('throttles typing (a sent message ends it) and fades the indicator of others', async () => {
    await signedIn([ana, luis]);
    store.typed();
    store.typed();
    const typed = () => chat().emits.filter((e) => e.event === 'chat:typing').length;
    expect(typed()).toBe(1);
    await clock.advance(TYPING_EVERY_MS);
    store.typed();
    expect(typed()).toBe(2);
    const sending = store.send('hola');
    chat().last('chat:message').resolve!({ ok: true, message: msg('s1', 'hola') });
    await sending;
    store.typed();
    expect(typed()).toBe(3);
    chat().fire('chat:typing', { room: 'general', user: luis });
    expect(typingText(activeRoom(store.get()))).toBe('Luis está escribiendo…');
    await clock.advance(TYPING_SHOWN_MS + 100);
    expect(typingText(activeRoom(store.get()))).toBe('');
  });

  it('sends a notification to my tabs and says how many sockets got it', async () => {
    await signedIn();
    const sending = store.notifyMyTabs('hola');
    expect(notifications().last('notify:user').args).toEqual([{ userId: 'u1', text: 'hola' }]);
    notifications().last('notify:user').resolve!({ ok: true, delivered: 2 });
    await sending;
    expect(store.get().delivery).toBe('notify:user: llegó a 2 sockets.');
    notifications().fire('notification', {
      id: 'n1',
      scope: 'user',
      from: ana,
      text: 'hola',
      ts: 1,
    });
    expect(store.get().notifications.map((n) => n.text)).toEqual(['hola']);
    const all = store.notifyEveryone('aviso');
    notifications().last('notify:all').resolve!({
      ok: false,
      code: 'FORBIDDEN',
      error: 'Solo docentes',
    });
    await all;
    expect(store.get().refusals[0]).toMatchObject({ action: 'notify:all', code: 'FORBIDDEN' });
  });

  it('renews the token at 80 % of its life: refresh, auth:renew on both sockets, stored for reconnects', async () => {
    await signedIn();
    await clock.advance(2_880_000 - 1);
    expect(fetch.requests).toHaveLength(1);
    await clock.advance(1);
    expect(fetch.last.url).toBe(`${SERVER}/auth/refresh`);
    expect(fetch.last.headers).toEqual({ Authorization: 'Bearer tok-1' });
    await fetch.last.respond(200, { token: 'tok-2', expiresIn: 3600, user: ana });
    expect(chat().last('auth:renew').args).toEqual([{ token: 'tok-2' }]);
    expect(notifications().last('auth:renew').args).toEqual([{ token: 'tok-2' }]);
    chat().last('auth:renew').resolve!({ ok: true, expiresIn: 3600 });
    notifications().last('auth:renew').resolve!({ ok: true, expiresIn: 3600 });
    await settle();
    expect(store.get()).toMatchObject({
      renewedAt: clock.now(),
      expiresAt: clock.now() + 3_600_000,
      connection: 'connected',
    });
    expect(store.get().refusals).toEqual([]);
    // A reconnection hands the new token, and a reload finds it.
    expect(chat().authToken()).toBe('tok-2');
    expect(JSON.parse(storage.get(identityKey(SERVER))!)).toMatchObject({ token: 'tok-2' });
  });

  it('on auth:expired ends the session with the reason, and "Entrar de nuevo" signs in with the same name', async () => {
    await signedIn();
    chat().fire('auth:expired', { code: 'TOKEN_EXPIRED', message: 'Tu token ha caducado' });
    chat().serverDisconnect('io server disconnect');
    expect(store.get()).toMatchObject({
      user: undefined,
      connection: 'idle',
      detail: undefined,
      ended: { name: 'Ana', code: 'TOKEN_EXPIRED', message: 'Tu token ha caducado' },
    });
    expect(chat().listenerCount).toBe(0);
    expect(storage.has(identityKey(SERVER))).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    const again = store.signIn('Ana');
    expect(JSON.parse(fetch.last.body!)).toEqual({ name: 'Ana' });
    await fetch.last.respond(200, { token: 'tok-9', expiresIn: 3600, user: { ...ana, id: 'u7' } });
    await again;
    expect(store.get()).toMatchObject({ ended: undefined, user: { id: 'u7', name: 'Ana' } });
  });

  it('a reconnection refused with TOKEN_EXPIRED also offers to sign in again', async () => {
    await signedIn();
    chat().serverDisconnect('transport close');
    chat().serverRefuse('El token ha caducado', { code: 'TOKEN_EXPIRED', message: 'caducado' });
    expect(store.get().ended).toEqual({ name: 'Ana', code: 'TOKEN_EXPIRED', message: 'caducado' });
    expect(store.get().refusals[0]).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('stop closes both sockets and clears the timers', async () => {
    await signedIn([ana, luis]);
    chat().fire('chat:typing', { room: 'general', user: luis });
    store.stop();
    expect(chat().listenerCount).toBe(0);
    expect(notifications().disconnectCalls).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
