import { z } from 'zod';
import { checkAges, listingFields } from './listing.ts';
import { date, email, line, webUrl } from './fields.ts';
import { RESOURCE_FORMATS } from './vocabularies.ts';

export const resourceSchema = z
  .strictObject({
    ...listingFields,
    format: z.enum(RESOURCE_FORMATS).meta({ description: 'leaflet, app, video, course, website, audio, book or toolkit.' }),
    url: webUrl.meta({ description: 'Where to read, download, watch or get it.' }),
    platforms: z.array(z.enum(['web', 'ios', 'android', 'print'])).optional().meta({ description: 'For apps: where it runs.' }),
    publisher: line(150).optional().meta({ description: 'Who wrote or publishes it, if not the organisation.' }),
    published: date.optional(),
    duration: line(80).optional().meta({ description: 'For courses, videos and audio: how long, e.g. "6 weekly sessions".' }),
    clinically_reviewed: z
      .strictObject({
        date: date.meta({ description: 'When a clinician last reviewed the content.' }),
        by: line(150).meta({ description: 'Role or body that reviewed it, e.g. "Leeds Community Healthcare clinical governance".' }),
        email: email.optional(),
      })
      .optional()
      .meta({ description: 'Set when the content has had a clinical review.' }),
  })
  .superRefine(checkAges)
  .meta({ title: 'LOOP resource', description: 'Self-management material: a leaflet, app, video, course or website.' });

export type Resource = z.infer<typeof resourceSchema>;
