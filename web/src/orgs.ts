/**
 * Organisations seen so far, by id: the tree loads them, and lists show a cell's name instead of its id. One request
 * per organisation per session; the cache is dropped on sign-out.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type Organization } from './api';

let cache = new Map<string, Promise<Organization>>();

export function loadOrg(id: string): Promise<Organization> {
  let pending = cache.get(id);
  if (!pending) {
    pending = api.organization(id);
    cache.set(id, pending);
    // A failed lookup is not remembered: the next screen asks again.
    pending.catch(() => cache.delete(id));
  }
  return pending;
}

export function forgetOrgs(): void {
  cache = new Map();
}

/** The organisation, once loaded (undefined while loading or when it cannot be seen). */
export function useOrg(id: string | null | undefined): Organization | undefined {
  const [org, setOrg] = useState<Organization>();
  useEffect(() => {
    setOrg(undefined);
    if (!id) return;
    let live = true;
    loadOrg(id).then(
      (found) => live && setOrg(found),
      () => undefined,
    );
    return () => void (live = false);
  }, [id]);
  return org;
}
