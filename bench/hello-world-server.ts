/**
 * The baseline for `vcc-agent-status.bench.ts`: a bare Fastify v5 server, logger off,
 * `GET /hello` → `{"hello":"world"}`. Run in its own process; prints
 * `hello-world listening on http://…` when ready. `PORT` (default 0 = any free port).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`hello-world listening on http://127.0.0.1:${port}`);

// Exit through process.exit so `--cpu-prof` still writes its profile.
const stop = (): void => {
  app.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
