import { redisControlSkipReason, redisSkipReason, startRedis, TestRedis } from '../support/redis';
import { startTestApp, TestApp } from '../support/http-app';

const RECONNECT_POLL_MS = 100;
const noRedis = redisSkipReason() ?? redisControlSkipReason();
if (noRedis) console.log(`skipping the Redis health test: ${noRedis}`);
const describeRedis = noRedis ? describe.skip : describe;

describeRedis('GET /health with the timers on Redis', () => {
  let redis: TestRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestApp({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('reports Redis with the event store, and 503 with Retry-After while Redis is down', async () => {
    expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok', checks: { eventStore: 'up', redis: 'up' } });
    await redis.kill();
    const down = await t.http().get('/health').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', checks: { eventStore: 'up', redis: 'down' } });
    expect(down.headers['retry-after']).toBe('5');
    await redis.restart();
    // The health connection reconnects on its own (a real server restarting, not business time): poll briefly.
    for (let i = 0; i < 50; i++) {
      if ((await t.http().get('/health')).status === 200) break;
      await new Promise((r) => setTimeout(r, RECONNECT_POLL_MS));
    }
    expect((await t.http().get('/health').expect(200)).body.checks.redis).toBe('up');
  });
});
