// Control API for the radio fleet (docs/device-cli.md, section 11): the radio list, the truth
// about each radio and link, fault injection, direct changes and the sites' management VLANs. Thin:
// parsing here, behaviour in Fleet.
import {
  FleetFaultBodySchema,
  RadioFaultSchema,
  RadioSetBodySchema,
  SiteVlansBodySchema,
} from '@wsnoc/shared';
import type { Fleet } from '../fleet/fleet.js';
import { ControlHttpError, parseBody, type ControlRouter } from './router.js';

export function registerRadioRoutes(router: ControlRouter, fleet: Fleet): void {
  const notFound = (id: string): ControlHttpError => new ControlHttpError(404, `No radio ${id}`);

  router.add('GET', '/radios', () => fleet.radios());

  router.add('GET', '/radios/:id/state', ({ params }) => {
    const id = params.id ?? '';
    const state = fleet.state(id);
    if (!state) {
      throw notFound(id);
    }
    return state;
  });

  router.add('GET', '/links', () => fleet.links());

  router.add('POST', '/radios/:id/faults', ({ params, body }) => {
    const id = params.id ?? '';
    const fault = parseBody(RadioFaultSchema, body);
    if (!fleet.injectFault(id, fault)) {
      throw notFound(id);
    }
    return fleet.state(id);
  });

  router.add('DELETE', '/radios/:id/faults', ({ params }) => {
    const id = params.id ?? '';
    if (!fleet.clearFaults(id)) {
      throw notFound(id);
    }
    return fleet.state(id);
  });

  router.add('POST', '/faults', ({ body }) => {
    const dto = parseBody(FleetFaultBodySchema, body);
    const affected = fleet.injectFaultShare(dto);
    return { kind: dto.kind, affected };
  });

  router.add('DELETE', '/faults', () => ({ cleared: fleet.clearAllFaults() }));

  router.add('POST', '/radios/:id/set', ({ params, body }) => {
    const id = params.id ?? '';
    const dto = parseBody(RadioSetBodySchema, body);
    const result = fleet.setRadio(id, dto);
    if (!result) {
      throw notFound(id);
    }
    if ('error' in result) {
      const field = result.error.match(/for ([a-z-]+)/)?.[1] ?? result.error.split(':')[0] ?? '(body)';
      throw new ControlHttpError(400, result.error, [{ path: field, message: result.error }]);
    }
    return result.state;
  });

  router.add('GET', '/sites', () => fleet.sites());

  router.add('PUT', '/sites/:site/vlans', ({ params, body }) => {
    const name = params.site ?? '';
    const dto = parseBody(SiteVlansBodySchema, body);
    const site = fleet.setSiteVlans(name, dto.managementVlans);
    if (!site) {
      throw new ControlHttpError(404, `No site ${name}`);
    }
    return site;
  });
}
