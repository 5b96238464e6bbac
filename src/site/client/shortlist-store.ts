/**
 * The shortlist kept in this browser (localStorage): the short keys of saved listings, oldest first. No account and
 * nothing sent anywhere; a shared link carries the keys instead (see shortlist-page.ts). Storage can be missing or
 * refused (private modes, full quotas): then the list lives for the page only, and saving still seems to work.
 */
const STORE = 'loop-shortlist';
let memory: string[] = [];

export function savedKeys(): string[] {
  try {
    const raw = window.localStorage.getItem(STORE);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string' && /^[0-9a-f]{6,32}$/.test(k)) : [];
  } catch {
    return memory;
  }
}

export function saveKeys(keys: readonly string[]): void {
  memory = [...new Set(keys)];
  try {
    window.localStorage.setItem(STORE, JSON.stringify(memory));
  } catch {
    // kept in memory only
  }
  document.dispatchEvent(new CustomEvent('loop-shortlist'));
}

export function isSaved(key: string): boolean {
  return savedKeys().includes(key);
}

/** Saves or removes one listing; returns whether it is now saved. */
export function toggleSaved(key: string): boolean {
  const keys = savedKeys();
  const saved = !keys.includes(key);
  saveKeys(saved ? [...keys, key] : keys.filter((k) => k !== key));
  return saved;
}

/** Calls back when the list changes here or in another tab. */
export function onShortlistChange(callback: () => void): void {
  document.addEventListener('loop-shortlist', callback);
  window.addEventListener('storage', (event) => {
    if (event.key === STORE) callback();
  });
}
