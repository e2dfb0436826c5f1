import { z } from 'zod';

/**
 * What a radio actually radiates, as the field lab knows it. The fleet emits one of these whenever a
 * radio's transmit state changes; the compliance judge compares them with what the white-space database
 * permitted at that place and time. It is the lab's own truth, never what the console reports.
 */
export const RadioEmissionSchema = z.object({
  radioId: z.string(),
  at: z.string().datetime(),
  lat: z.number(),
  lon: z.number(),
  transmitting: z.boolean(),
  channel: z.number().int(),
  eirpDbm: z.number(),
});
export type RadioEmission = z.infer<typeof RadioEmissionSchema>;

export const RULESETS = ['etsi', 'fcc'] as const;
export const SimRulesetSchema = z.enum(RULESETS);
export type SimRuleset = z.infer<typeof SimRulesetSchema>;

export const REGIONS = ['highlands', 'us-rural'] as const;
export const SimRegionSchema = z.enum(REGIONS);
export type SimRegion = z.infer<typeof SimRegionSchema>;
