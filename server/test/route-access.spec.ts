// The shared route table (API_ROUTES) drives the OpenAPI document and the web client. This test fails
// when a controller route is missing from it, when it lists a route no controller serves, or when the
// access marking of the two differs.
import { API_ROUTES } from '@wsnoc/shared';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KEY, ROLES_KEY } from '@/infra/http/access.decorators.js';
import { CONTROLLERS } from '@/app.module.js';

type Controller = abstract new (...args: never[]) => object;

function controllerRoutes(controllers: Controller[]) {
  const routes: { method: string; path: string; access: string }[] = [];
  for (const controller of controllers) {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') {
        continue;
      }
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) {
        continue;
      }
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path =
        '/' +
        [prefix, sub]
          .flatMap((p) => p.split('/'))
          .filter((p) => p && p !== '/')
          .join('/');
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true;
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ??
        Reflect.getMetadata(ROLES_KEY, controller)) as string[] | undefined;
      routes.push({
        method: RequestMethod[method],
        path,
        access: isPublic ? 'public' : (roles ?? []).join(','),
      });
    }
  }
  return routes;
}

describe('route table', () => {
  it('matches the controllers route for route, with the same access', () => {
    const served = controllerRoutes(CONTROLLERS);
    const listed = API_ROUTES.map((r) => ({
      method: r.method,
      path: r.path,
      access: r.access === 'public' ? 'public' : r.access.join(','),
    }));
    const key = (r: { method: string; path: string; access: string }) =>
      `${r.method} ${r.path} [${r.access}]`;
    expect(served.map(key).sort()).toEqual(listed.map(key).sort());
  });
});
