import { z } from 'zod';
import { checkAges, listingFields } from './listing.ts';
import { contact, email, informationSection, line, phone, richText, schedule, slug, termRef, webUrl } from './fields.ts';
import { DELIVERY, REFERRAL_ROUTES } from './vocabularies.ts';

export const serviceLocation = z
  .strictObject({
    location: slug.meta({ description: 'A venue in data/locations/ (its file name).' }),
    description: line(500).optional().meta({ description: 'Anything specific to this venue, e.g. "use the side door".' }),
    schedules: z.array(schedule).optional().meta({ description: 'Opening times at this venue.' }),
    phones: z.array(phone).optional().meta({ description: 'Phone lines specific to this venue.' }),
  })
  .meta({ description: 'Where the service happens (HSDS service_at_location).' });

export const referral = z
  .strictObject({
    route: z.enum(REFERRAL_ROUTES).meta({
      description: 'self-referral, professional-referral, self-or-professional-referral, or none (just turn up).',
    }),
    url: webUrl.optional().meta({ description: 'Online referral or booking form.' }),
    email: email.optional().meta({ description: 'Referrals mailbox.' }),
    phone: phone.optional(),
    description: richText.optional().meta({ description: 'The steps, in words (HSDS application_process).' }),
  })
  .meta({ description: 'How to get the service.' });

export const serviceSchema = z
  .strictObject({
    ...listingFields,
    kind: z.enum(['service', 'activity', 'club', 'group']).default('service').meta({ description: 'service, activity, club or group.' }),
    phones: z.array(phone).optional().meta({ description: 'Phone lines for the service.' }),
    delivery: z.array(z.enum(DELIVERY)).optional().meta({ description: 'How it is delivered: in-person, online, phone, home-visit.' }),
    locations: z.array(serviceLocation).optional().meta({ description: 'Venues in data/locations/ where it happens, each with its own times.' }),
    confidential_location: z
      .boolean()
      .optional()
      .meta({ description: 'true when people meet in person at a venue given only after referral (refuges, some domestic abuse groups).' }),
    schedules: z.array(schedule).optional().meta({ description: 'Times that are not tied to a venue, e.g. a phone line\'s hours.' }),
    service_areas: z.array(termRef).optional().meta({ description: 'Where people must live: leeds, ward/<name>, postcode/<district>.' }),
    referral: referral.optional(),
    wait_time: line(300).optional().meta({ description: 'How long people usually wait.' }),
    information: z.array(informationSection).optional().meta({ description: 'Getting here, what to bring, parking...' }),
    contacts: z.array(contact).optional().meta({ description: 'Roles to contact (never private individuals).' }),
    funding: z.array(line(300)).optional().meta({ description: 'Who funds it (HSDS funding.source).' }),
    interpretation_services: line(500).optional().meta({ description: 'Interpreters or translation available.' }),
    required_documents: z.array(line(200)).optional().meta({ description: 'Documents people need to bring.' }),
    accreditations: line(500).optional().meta({ description: 'Quality marks and accreditations.' }),
  })
  .superRefine(checkAges)
  .meta({ title: 'LOOP service', description: 'A service, activity, club or group in Leeds.' });

export type Service = z.infer<typeof serviceSchema>;
export type ServiceLocation = z.infer<typeof serviceLocation>;
