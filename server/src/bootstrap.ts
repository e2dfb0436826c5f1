// Starts the whole server: validated config, embedded or real Postgres, Redis or in-process cache, then
// Nest. Used by main.ts and by the integration tests, so tests boot exactly what production boots.
import { readFileSync } from 'node:fs';
import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import express from 'express';
import helmet from 'helmet';
import pg from 'pg';
import swaggerUiDist from 'swagger-ui-dist';
import { AppModule, type Infrastructure } from './app.module.js';
import { answerFor } from './error-answers.js';
import { type CacheBundle, createCache } from './infra/cache/cache.factory.js';
import { redactUrl } from './infra/cache/redis.cache.js';
import { AppConfig } from './infra/config/config.js';
import { type Env, parseEnv } from './infra/config/config.schema.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './infra/embedded/embedded-postgres.js';
import { HttpExceptionFilter } from './infra/http/http-exception.filter.js';
import { type AppLogger, createLogger, NestPinoLogger } from './infra/logger/logger.js';
import { httpMetricsMiddleware } from './infra/metrics/http-metrics.middleware.js';
import { MetricsService } from './infra/metrics/metrics.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { refuseCrossSite } from './modules/auth/cross-site.middleware.js';
import { sessionBeforeBody } from './modules/auth/session-before-body.middleware.js';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as { version: string }
).version;

export interface RunningServer {
  app: INestApplication;
  url: string;
  config: AppConfig;
  logger: AppLogger;
  close(): Promise<void>;
}

class ResolvedConfig extends AppConfig {
  constructor(
    readonly env: Env,
    readonly version: string,
    readonly dataDir: string,
  ) {
    super();
  }
}

export async function startServer(environment: NodeJS.ProcessEnv): Promise<RunningServer> {
  const env = parseEnv(environment);
  const logger = createLogger(env.LOG_LEVEL);
  const config = new ResolvedConfig(env, VERSION, path.resolve(env.DATA_DIR));
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((err: unknown) => logger.warn({ err }, 'error during shutdown'));
    }
  };

  try {
    let embedded: EmbeddedDatabase | undefined;
    if (!env.DATABASE_URL) {
      embedded = await startEmbeddedPostgres(config.dataDir, env.EMBEDDED_PG_PORT, logger);
      cleanups.push(() => embedded!.stop());
    }
    const databaseUrl = env.DATABASE_URL ?? embedded!.url;
    await assertDatabaseReachable(databaseUrl);

    const cache: CacheBundle = await createCache(env.REDIS_URL, env.REDIS_KEY_PREFIX);
    cleanups.push(() => cache.close());

    const infra: Infrastructure = { config, logger, databaseUrl, cache };
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register(infra), {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
      // Bodies are parsed by configureHttp, per route and after the checks that must come first.
      bodyParser: false,
    });
    cleanups.push(() => app.close());

    configureHttp(app, infra);
    answerClientErrors(app.getHttpServer());
    if (cache.redis) {
      const adapter = new RedisIoAdapter(app, cache.redis);
      await adapter.connect();
      app.useWebSocketAdapter(adapter);
    }
    await listen(app, env.HOST, env.PORT);

    const address = app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    logger.info(
      {
        url,
        version: VERSION,
        database: embedded ? 'embedded' : redactUrl(databaseUrl),
        cache: cache.store.kind,
      },
      'wsnoc is up',
    );
    return { app, url, config, logger, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function configureHttp(app: NestExpressApplication, infra: Infrastructure): void {
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new HttpExceptionFilter(infra.logger, answerFor));
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(helmet(SECURITY_HEADERS));
  // Before any body is read: a page of another site changes nothing, whatever cookie its request carries.
  app.use('/api', refuseCrossSite(infra.config.env.ALLOWED_ORIGINS));
  app.use('/api', requestBodies(app.get(AuthService)));
  app.use('/api/docs/assets', express.static(swaggerUiDist.getAbsoluteFSPath(), { index: false }));
  serveWeb(app, infra.config.env.WEB_DIST ?? path.resolve(here, '..', '..', 'web', 'dist'));
}

const JSON_TYPES = ['application/json'];
const CSV_TYPES = ['text/csv', 'text/plain'];

/**
 * Every route reads JSON of at most 100 kB, except the CSV import, which reads text of up to 20 MB and only
 * once its sender is known to be signed in. Any other body (a form post, text sent to a JSON route) is
 * refused with 415 before it is read, never parsed into something a route would take for an empty object.
 */
function requestBodies(auth: AuthService): express.Router {
  const bodies = express.Router();
  bodies.post(
    '/devices/import',
    // Who asks first, then what they send: anonymous is told 401 and a viewer 403, whatever the body.
    sessionBeforeBody(auth, ['operator']),
    acceptBodies(CSV_TYPES),
    readBody(express.text({ type: CSV_TYPES, limit: CSV_BODY_LIMIT }), 'CSV', CSV_BODY_LIMIT),
    // Leave this router: the JSON rules below are not the import's.
    (_request: express.Request, _response: express.Response, next: express.NextFunction) => next('router'),
  );
  bodies.use(
    acceptBodies(JSON_TYPES),
    readBody(express.json({ type: JSON_TYPES, limit: JSON_BODY_LIMIT }), 'JSON', JSON_BODY_LIMIT),
  );
  return bodies;
}

const JSON_BODY_LIMIT = '100kb';
const CSV_BODY_LIMIT = '20mb';

/**
 * A body reader whose refusals say what was wrong, in the API's error shape with a code: a body that is
 * not JSON (400 request.malformed-json), one too large (413 request.too-large), a charset or encoding the
 * reader does not take (415), a body cut short (400 request.aborted).
 */
function readBody(reader: express.RequestHandler, what: string, limit: string): express.RequestHandler {
  return (request, response, next) => {
    reader(request, response, (err?: unknown) =>
      next(err === undefined ? undefined : bodyError(err, what, limit)),
    );
  };
}

function bodyError(err: unknown, what: string, limit: string): unknown {
  if (err instanceof HttpException) {
    return err;
  }
  const { type, message } = err as { type?: string; message?: string };
  const reason = (message ?? '').slice(0, 200);
  switch (type ?? '') {
    case 'entity.parse.failed':
      return new BadRequestException({
        code: 'request.malformed-json',
        message: `the body is not valid JSON (${reason}); send a JSON object or array`,
      });
    case 'entity.too.large':
      return new PayloadTooLargeException({
        code: 'request.too-large',
        message: `the ${what} body is larger than this route reads (at most ${limit})`,
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException({
        code: 'request.unsupported-media-type',
        message: `${reason}: send ${what} in UTF-8, uncompressed, gzip or deflate`,
      });
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestException({
        code: 'request.aborted',
        message: `the ${what} body was cut short or its Content-Length is wrong (${reason})`,
      });
    default:
      return err;
  }
}

function acceptBodies(types: readonly string[]): express.RequestHandler {
  return (request, _response, next) => {
    // Content-Length: 0 (a POST without a body, as browsers send it) is no body to refuse.
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    next(
      hasBody && !request.is([...types])
        ? new UnsupportedMediaTypeException({
            code: 'request.unsupported-media-type',
            message: `This route reads ${types.join(' or ')} bodies only`,
          })
        : undefined,
    );
  };
}

/**
 * A request Node's HTTP parser refuses before the app sees it (headers or URL past 16 kB, a broken request
 * line) is answered in the API's error shape, with a code, rather than Node's bare status line.
 */
function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'request.headers-too-large', 'the request line and headers are larger than 16 kB']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request.timeout', 'the request did not arrive in time']
          : [400, 'request.malformed', `the request is not valid HTTP (${err.code ?? 'unreadable'})`];
    const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], code, message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/**
 * The usual security headers (helmet), with a Content-Security-Policy the console works under: scripts and
 * styles from the console itself (React sets styles through the DOM; maplibre and Swagger UI set some
 * inline), maplibre's worker and its blob: images, and an operator's raster tile server over HTTPS, which
 * the map fetches and draws. Upgrade-Insecure-Requests is left out: a console on a plain-HTTP LAN address
 * would have every request of its own pages rewritten to an HTTPS port nothing listens on.
 */
const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'https:'],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
};

/** Serves the built web app at / with a fallback to index.html for client-side routes. */
function serveWeb(app: NestExpressApplication, webDist: string): void {
  const index = path.join(webDist, 'index.html');
  app.use(express.static(webDist, { index: false, maxAge: '1h' }));
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (
      request.method !== 'GET' ||
      request.path.startsWith('/api') ||
      request.path.startsWith('/socket.io')
    ) {
      next();
      return;
    }
    response.sendFile(index, (err) => {
      if (err) {
        response
          .status(503)
          .type('text/plain')
          .send('The web console is not built: run `pnpm build` (the API is up at /api).');
      }
    });
  });
}

async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`cannot reach the database at ${redactUrl(url)}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function listen(app: INestApplication, host: string, port: number): Promise<void> {
  return app.listen(port, host).then(
    () => undefined,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        throw new Error(`port ${port} is already in use; set PORT to a free port`);
      }
      if (err.code === 'EACCES') {
        throw new Error(`not allowed to listen on port ${port}; choose a port above 1024`);
      }
      throw err;
    },
  );
}
