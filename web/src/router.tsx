/**
 * A small history router: the path picks the screen, the query holds what the screen shows (organisation, filters,
 * dates), so every view can be bookmarked and reloaded. Never the token. The server answers these paths with the
 * dashboard's index.html (src/http/web-app.ts).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  listeners.forEach((listener) => listener());
}

export interface Location {
  path: string;
  params: URLSearchParams;
  href: string;
}

function current(): Location {
  return { path: location.pathname, params: new URLSearchParams(location.search), href: location.pathname + location.search };
}

export function useLocation(): Location {
  const [where, setWhere] = useState(current);
  useEffect(() => {
    const listener = () => setWhere(current());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return where;
}

/** A path with a query of the defined values. */
export function href(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
  'aria-label'?: string;
  'data-org'?: string;
}

/** An ordinary link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ href: target, children, ...rest }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(target);
  };
  return (
    <a {...rest} href={target} onClick={onClick}>
      {children}
    </a>
  );
}
