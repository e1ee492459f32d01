import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHAT_PATHS, PATHS } from '../src/protocol';
import { createDemoServer } from './app';
import { randomSecret } from './auth/tokens';

/** Reads flags and environment, starts the demo server, prints where students can reach it. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3001' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    origin: { type: 'string', multiple: true, default: [] },
    site: { type: 'string', default: process.env.DEMO_SITE_DIR ?? 'dist' },
    'no-site': { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Puerto no válido: "${values.port}". Usa un número de 0 a 65535.`);
  process.exit(2);
}
const allowedOrigins = [
  ...(process.env.ALLOWED_ORIGINS ?? '').split(','),
  ...values.origin.flatMap((o) => o.split(',')),
]
  .map((o) => o.trim())
  .filter(Boolean);
const siteDir = resolve(values.site);
const staticDir = !values['no-site'] && existsSync(siteDir) ? siteDir : null;

// Chat tokens: a fixed secret survives restarts; a random one is fine for one class session.
const jwtSecret = process.env.JWT_SECRET || null;
// The instructor needs the key to get an instructor token: print the one we make up.
const instructorKey = process.env.INSTRUCTOR_KEY || randomSecret(12);

const demo = createDemoServer({ allowedOrigins, staticDir, jwtSecret, instructorKey });
demo.server.on('error', (error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE'
      ? ` (¿otro servidor usa ya el puerto ${port}? prueba --port ${port + 1})`
      : '';
  console.error(`No se pudo iniciar el servidor de demostración: ${error.message}${hint}`);
  process.exit(1);
});
demo.server.listen(port, values.host, () => {
  const address = demo.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urls = reachableUrls(values.host, actualPort);
  console.log(`Servidor de demostración de Tiempo Real escuchando en ${values.host}:${actualPort}`);
  console.log(
    staticDir
      ? `  Curso (sitio en ${staticDir}):`
      : '  (sin sitio: solo la API; ejecuta "npm run build" para servirlo)',
  );
  for (const url of urls) console.log(`    ${url}/`);
  console.log(
    `  Transportes: ${PATHS.poll(':canal')}  ${PATHS.longPoll(':canal')}  ${PATHS.sse(':canal')}  ${PATHS.websocket}  ${PATHS.socketIo}`,
  );
  console.log(
    `  Chat: POST ${CHAT_PATHS.token}  espacios de nombres ${CHAT_PATHS.chatNamespace} y ${CHAT_PATHS.notificationsNamespace}`,
  );
  if (jwtSecret && jwtSecret.length < 32) {
    console.warn('  Aviso: JWT_SECRET tiene menos de 32 caracteres; usa uno largo y aleatorio.');
  }
  console.log(
    jwtSecret
      ? '  Tokens firmados con JWT_SECRET.'
      : '  JWT_SECRET no está definido: los tokens se firman con un secreto aleatorio y dejan de valer al reiniciar.',
  );
  console.log(
    process.env.INSTRUCTOR_KEY
      ? '  Clave de docente: la de INSTRUCTOR_KEY.'
      : `  Clave de docente (INSTRUCTOR_KEY no está definido, generada ahora): ${instructorKey}`,
  );
  if (values.host === '127.0.0.1' || values.host === 'localhost') {
    console.log('  Solo este equipo puede conectarse. Para una clase: --host 0.0.0.0');
  }
  if (allowedOrigins.length > 0)
    console.log(`  Orígenes permitidos además de localhost: ${allowedOrigins.join(', ')}`);
});

/** Every URL a browser can use to reach a server listening on `host`. */
function reachableUrls(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  if (!wildcard) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && info.family === 'IPv4' && !info.internal)
    .map((info) => `http://${info!.address}:${port}`);
  return [`http://localhost:${port}`, ...lan];
}

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: cerrando conexiones…`);
  // The process must be gone within 5 s even if a peer never acknowledges its close.
  setTimeout(() => process.exit(1), 5_000).unref();
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Error al cerrar:', error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
