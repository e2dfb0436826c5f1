import { Controller, Get, Header } from '@nestjs/common';
import { AppConfig } from '@/infra/config/config.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { buildOpenApiDocument } from './openapi.js';

// The document describes every route, so reading it needs a signed-in user like any other route.
// Swagger UI from the swagger-ui-dist package, served at /api/docs/assets (see main.ts): no CDN, works offline.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wsnoc API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#ui' });`;

@Controller()
export class DocsController {
  private readonly document: Record<string, unknown>;

  constructor(config: AppConfig) {
    this.document = buildOpenApiDocument(config.version);
  }

  @Roles('viewer', 'operator')
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }

  @Roles('viewer', 'operator')
  @Get('docs/init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init(): string {
    return INIT;
  }

  @Roles('viewer', 'operator')
  @Get('docs-json')
  json(): Record<string, unknown> {
    return this.document;
  }
}
