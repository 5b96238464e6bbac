import { z } from 'zod';
import { line, phone, postcode, provenance, richText, slug, termRef, uuid, webUrl } from './fields.ts';

export const addressSchema = z
  .strictObject({
    address_1: line(200).meta({ description: 'Building and street.' }),
    address_2: line(200).optional(),
    city: line(80).default('Leeds'),
    region: line(80).optional(),
    state_province: line(80).default('West Yorkshire'),
    postal_code: postcode,
    country: z.string().regex(/^[A-Z]{2}$/, 'use a two-letter country code, e.g. GB').default('GB'),
  })
  .meta({ description: 'Street address (HSDS address).' });

export const locationAccessibility = z
  .strictObject({
    description: richText.optional().meta({ description: 'Access in words: entrances, lifts, seating, quiet rooms.' }),
    step_free_access: z.boolean().optional(),
    accessible_toilet: z.boolean().optional(),
    hearing_loop: z.boolean().optional(),
    accessible_parking: z.boolean().optional(),
    changing_places: z.boolean().optional().meta({ description: 'A Changing Places toilet.' }),
    details: line(1000).optional().meta({ description: 'e.g. "ring ahead to use the lift".' }),
    url: webUrl.optional().meta({ description: 'An access guide, e.g. on AccessAble.' }),
  })
  .meta({ description: 'Accessibility of the venue (HSDS accessibility).' });

export const locationSchema = z
  .strictObject({
    id: uuid,
    name: line(150).meta({ description: 'The venue\'s name, e.g. "Chapeltown Community Hub".' }),
    alternate_name: line(150).optional().meta({ description: 'Another name people know it by.' }),
    location_type: z.enum(['physical', 'postal', 'virtual']).default('physical').meta({ description: 'physical (the default), postal or virtual.' }),
    description: richText.optional().meta({ description: 'The venue in words: which entrance, which room.' }),
    url: webUrl.optional().meta({ description: 'Web page for the venue, or the address of a virtual location.' }),
    address: addressSchema.optional().meta({ description: 'Street address; needed for physical locations.' }),
    latitude: z.number().min(-90).max(90).optional().meta({ description: 'WGS84 decimal degrees.' }),
    longitude: z.number().min(-180).max(180).optional().meta({ description: 'WGS84 decimal degrees.' }),
    ward: termRef.optional().meta({ description: 'The Leeds ward it is in, e.g. ward/chapel-allerton.' }),
    uprn: z.string().regex(/^\d{1,12}$/, 'a UPRN is up to 12 digits').optional().meta({ description: 'Unique Property Reference Number.' }),
    transportation: richText.optional().meta({ description: 'Getting there by bus, train, bike or car.' }),
    accessibility: locationAccessibility.optional().meta({ description: 'Step-free access, toilets, hearing loop and more.' }),
    phones: z.array(phone).optional().meta({ description: 'Phone lines for the venue.' }),
    organisation: slug.optional().meta({ description: 'The organisation that runs the venue, if it is one of ours.' }),
    provenance: z.array(provenance).optional().meta({ description: 'Where an imported record came from (written by `npx loop import`).' }),
  })
  .superRefine((l, ctx) => {
    if (l.location_type === 'physical' && !l.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'a physical location needs an address', params: { rule: 'schema' } });
    }
    if ((l.latitude === undefined) !== (l.longitude === undefined)) {
      ctx.addIssue({ code: 'custom', path: [l.latitude === undefined ? 'latitude' : 'longitude'], message: 'give both latitude and longitude', params: { rule: 'schema' } });
    }
  })
  .meta({ title: 'LOOP location', description: 'A venue where services happen; many services can share one.' });

export type Location = z.infer<typeof locationSchema>;
export type Address = z.infer<typeof addressSchema>;
