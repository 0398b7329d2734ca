/**
 * The web dashboard (web/, built into dist/web by `npm run build`) served by the same server at `/`: its files as
 * they are, and index.html for the dashboard's own paths (`/pipeline`, `/dossiers/<id>`, …) so that a bookmark or a
 * reload opens the right screen. Only those paths: everything else — `/api/v1`, `/docs`, `/health`, `/metrics` and
 * unknown paths — stays with Nest and answers as before (an unknown path is a 404 problem document, not the page).
 *
 * The dashboard reads the data through the public API with the user's token; these routes need none and carry no data.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '../logging/logger';

/** The dashboard's screens: the first segment of every path its router handles (web/src/app.tsx). */
export const WEB_SECTIONS = ['pipeline', 'quotas', 'reminders', 'dossiers', 'report'] as const;

/**
 * The page may load its own scripts and styles and call this server, nothing else: a script injected through data
 * could not send the token elsewhere.
 */
const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** dist/web beside the compiled server (dist/src/…) or, under ts-jest, beside the sources (src/…). */
export function webDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return join(from, 'web');
    dir = up;
  }
  return join(dir, 'dist', 'web');
}

/** Registers the dashboard's routes; without a build it logs how to make one and serves nothing. */
export function registerWebApp(fastify: FastifyInstance, logger: Logger, dir = webDir()): boolean {
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn({ dir }, 'web dashboard not built: run `npm run build` to serve it at /');
    return false;
  }
  // Hashed bundle names never change content: cache them for good. Other files (index.html, icon) revalidate.
  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      if (path.endsWith('.html')) reply.headers(PAGE_HEADERS);
      else reply.headers({ 'cache-control': path.startsWith(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache', 'x-content-type-options': 'nosniff' });
    },
  });
  const page = (_request: unknown, reply: FastifyReply) => reply.headers(PAGE_HEADERS).sendFile('index.html', dir);
  fastify.get('/', page);
  for (const section of WEB_SECTIONS) {
    fastify.get(`/${section}`, page);
    fastify.get(`/${section}/*`, page);
  }
  return true;
}
