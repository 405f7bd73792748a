import Fastify from 'fastify';

/**
 * The reference server: bare Fastify (the version the gateway runs on) answering a fixed JSON body shaped
 * like a user, on the same routes and methods the Roster scenarios load. No validation, no auth, no store.
 */
const USER = {
  id: '0b8f2a52-6c1e-4d8a-9a51-3f1c2a7e9b10',
  tenant_id: 'default',
  user_type: 'CITIZEN',
  user_name: null,
  first_name: 'Asha',
  middle_name: null,
  last_name: 'Rao',
  date_of_birth: null,
  email: 'asha.rao@example.org',
  mobile: '+919876543210',
  gender: null,
  nationality: null,
  address: null,
  parent_user_id: null,
  created_at: '2024-01-01T00:00:00.000Z',
  updated_at: '2024-01-01T00:00:00.000Z',
};

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/users/:id', async () => USER);
  app.post('/users', async (_request, reply) => {
    reply.code(201);
    return USER;
  });
  await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bare Fastify failed: ${String(error)}\n`);
  process.exit(1);
});
