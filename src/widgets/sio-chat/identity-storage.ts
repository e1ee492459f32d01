import type { ChatUser } from '../../protocol';

/** A token and who it says we are, as kept in sessionStorage. */
export interface StoredIdentity {
  token: string;
  user: ChatUser;
  /** Epoch ms. */
  expiresAt: number;
}

/** The part of `Storage` used here (sessionStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where one server's identity lives: per tab (sessionStorage) and per server URL. */
export function identityKey(serverUrl: string): string {
  return `tiempo-real:chat-identity:${serverUrl}`;
}

/**
 * Reads, writes and forgets this tab's identity for one server. Storage may be blocked (privacy
 * modes, sandboxed iframes) or hold anything: then there is simply no identity.
 */
export function identityStorage(storage: KeyValueStorage | undefined, serverUrl: string) {
  const key = identityKey(serverUrl);
  return {
    load(now: number): StoredIdentity | undefined {
      let parsed: Partial<StoredIdentity> | undefined;
      try {
        parsed = JSON.parse(storage?.getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
      const user = parsed?.user;
      if (typeof parsed?.token !== 'string' || typeof parsed.expiresAt !== 'number') return;
      if (typeof user?.id !== 'string' || typeof user.name !== 'string') return;
      if (user.role !== 'student' && user.role !== 'instructor') return;
      // A token about to expire would only buy a TOKEN_EXPIRED refusal.
      if (parsed.expiresAt - now < 10_000) return;
      return { token: parsed.token, user, expiresAt: parsed.expiresAt };
    },
    save(identity: StoredIdentity): void {
      try {
        storage?.setItem(key, JSON.stringify(identity));
      } catch {
        // Not kept across reloads; this page still works.
      }
    },
    clear(): void {
      try {
        storage?.removeItem(key);
      } catch {
        // Nothing to forget.
      }
    },
  };
}
