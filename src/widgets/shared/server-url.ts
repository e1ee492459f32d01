import { resolveServerUrl } from '../../transports';

const STORAGE_KEY = 'tiempo-real:server';
/** Fired on window when the student changes the demo server, so every widget reconnects. */
export const SERVER_CHANGE_EVENT = 'tiempo-real:server-change';

/** Reads localStorage without failing where it is blocked (privacy modes, sandboxed iframes). */
function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The demo server this page talks to: `?server=` in the URL (remembered), then the student's saved
 * choice, then PUBLIC_DEMO_SERVER_URL from the build, then the page's own origin.
 */
export function currentServerUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) saveServerUrl(fromQuery, false);
  return resolveServerUrl({
    pageOrigin: location.origin,
    buildTimeUrl: import.meta.env.PUBLIC_DEMO_SERVER_URL as string | undefined,
    override: fromQuery ?? stored(),
  });
}

/** Remembers the student's choice (null forgets it) and tells the widgets on the page. */
export function saveServerUrl(url: string | null, notify = true): void {
  try {
    if (url) localStorage.setItem(STORAGE_KEY, url);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Not remembered across pages, but this page still uses it.
  }
  if (notify) window.dispatchEvent(new CustomEvent(SERVER_CHANGE_EVENT));
}

/** True when the student chose a server (so the settings can offer to forget it). */
export function hasServerOverride(): boolean {
  return new URLSearchParams(location.search).has('server') || stored() !== null;
}
