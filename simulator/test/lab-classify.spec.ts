import { afterEach, describe, expect, it } from 'vitest';
import { deviceClassOf, startLab, type LabHandle } from '../src/fleet/lab.js';

// The compliance judge must hold each radio to its own class: base stations are masters, CPEs slaves.
describe('lab wiring: device classes for the compliance judge', () => {
  let lab: LabHandle | undefined;

  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  const start = async (region: 'highlands' | 'us-rural', firstAddress: string): Promise<LabHandle> => {
    lab = await startLab({ radios: 40, seed: 3, region, port: 0, firstAddress, controlPort: 0, pawsPort: 0 });
    return lab;
  };

  it('judges ETSI base stations as type A masters and CPEs as type A slaves with their own emission class', async () => {
    const { fleet, paws } = await start('highlands', '127.21.9.1');
    const bs = fleet.radio('bs-0001')!;
    const cpe = bs.cpes[0]!;
    expect(paws.judge.classify(bs.id)).toEqual({
      ruleset: 'etsi',
      type: 'A',
      emissionsClass: bs.emissionClass,
      slave: false,
    });
    expect(paws.judge.classify(cpe.id)).toEqual({
      ruleset: 'etsi',
      type: 'A',
      emissionsClass: cpe.emissionClass,
      slave: true,
    });
    expect(paws.judge.classify('no-such-radio')).toEqual(paws.model.params.defaultClass);
  });

  it('judges FCC base stations as FIXED and CPEs as MODE_1, so a CPE above 20 dBm breaks the limit', async () => {
    const { fleet, paws } = await start('us-rural', '127.21.10.1');
    expect(deviceClassOf(fleet.radio('bs-0001'), 'fcc')).toEqual({
      ruleset: 'fcc',
      type: 'FIXED',
      slave: false,
    });
    const now = Date.now();
    const fixed = { ruleset: 'fcc', type: 'FIXED', slave: false } as const;
    // a CPE whose base station's channel is permitted at full fixed power where the CPE stands
    const cpe = fleet
      .radios()
      .filter((r) => r.role === 'cpe')
      .map((r) => fleet.radio(r.id)!)
      .find((r) => {
        const ch = r.baseStation!.running.channel!;
        return (paws.model.permittedEirp(r.lat, r.lon, ch, now, fixed) ?? 0) >= 30;
      });
    expect(cpe).toBeDefined();
    expect(paws.judge.classify(cpe!.id)).toEqual({ ruleset: 'fcc', type: 'MODE_1', slave: true });
    // the fleet starts FCC CPEs at 20 dBm: compliant as MODE_1
    expect(paws.judge.violations().filter((v) => v.radioId === cpe!.id)).toEqual([]);
    expect(fleet.setRadio(cpe!.id, { txPowerDbm: 24 })).toHaveProperty('state');
    const [v] = paws.judge.violations().filter((x) => x.radioId === cpe!.id);
    expect(v).toMatchObject({ reason: 'eirp-above-limit', cause: 'radio', eirpDbm: 24, to: null });
    expect(v!.permittedEirpDbm).toBeLessThanOrEqual(20);
  });
});
