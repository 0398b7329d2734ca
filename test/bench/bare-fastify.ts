/**
 * Context for the HTTP benchmark, run as its own process: Fastify alone, no Nest, no hooks, no store. GET answers a
 * constant; POST parses a small JSON body and echoes one field. The ratio of the two is what the platform itself
 * leaves for a write route before any of ketnap's work, on this machine and in the same run.
 */
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 256 * 1024 });
app.get('/health', async () => ({ status: 'ok' }));
app.post<{ Params: { id: string }; Body: { type?: string } }>('/dossiers/:id/events', async (request) => ({ id: request.params.id, type: request.body.type }));
void app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const address = app.server.address();
  process.send?.(typeof address === 'object' && address ? address.port : 0);
});
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
