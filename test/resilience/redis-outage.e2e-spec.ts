import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { freePort, PrivateRedis } from '../utils/processes';
import { createTestApp } from '../utils/test-app';

/** A service going away: each test states the invariant it checks. */
describe('Redis going away (e2e)', () => {
  describe('with Redis stopped', () => {
    let redis: PrivateRedis;
    let app: NestExpressApplication;
    const sharedRedisUrl = process.env.REDIS_URL;

    beforeAll(async () => {
      redis = new PrivateRedis(await freePort());
      await redis.start();
      process.env.REDIS_URL = redis.url;
      app = await createTestApp();
    });

    afterAll(async () => {
      await app?.close();
      await redis?.stop();
      // process.env turns undefined into the string "undefined".
      if (sharedRedisUrl === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = sharedRedisUrl;
    });

    it('reports not ready while Redis is down, keeps serving reads, and is ready again once it is back', async () => {
      const http = () => request(app.getHttpServer());
      await http().get('/health/ready').expect(200);
      await redis.stop();
      const down = await http().get('/health/ready').expect(503);
      expect(down.body.details.redis.status).toBe('down');
      expect(down.body.details.database.status).toBe('up');
      // Rate limits are not counted while Redis is away; reads go on.
      await http().get('/api/cities').expect(200);
      await http().get('/health').expect(200);
      await redis.start();
      const deadline = Date.now() + 15_000;
      while ((await http().get('/health/ready')).status !== 200) {
        if (Date.now() > deadline) throw new Error('not ready again within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }, 60_000);
  });
});
