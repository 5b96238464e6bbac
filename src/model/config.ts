import { z } from 'zod';
import { email, githubHandle, line, webUrl } from './fields.ts';

export const configSchema = z
  .strictObject({
    site: z.strictObject({
      name: line(80).default('LOOP'),
      title: line(150).default('LOOP: find health and care help in Leeds'),
      description: line(500).optional(),
      base_url: webUrl.meta({ description: 'Where the site is published; feeds and links use it.' }),
      language: z.string().default('en-GB'),
    }),
    area: z
      .strictObject({
        name: line(80).default('Leeds'),
        lad_code: z.string().regex(/^E0[6-9]\d{6}$/).default('E08000035'),
        bounds: z
          .strictObject({ south: z.number(), west: z.number(), north: z.number(), east: z.number() })
          .optional()
          .meta({ description: 'A box around the area; locations outside it get a warning.' }),
      })
      .prefault({}),
    review: z
      .strictObject({
        due_after_months: z.number().int().min(1).max(60).default(6),
        overdue_after_months: z.number().int().min(1).max(120).default(12),
      })
      .prefault({})
      .meta({ description: 'Freshness policy: when a listing is due, then overdue, for review.' }),
    completeness: z
      .strictObject({
        warn_below: z.number().int().min(0).max(100).default(40).meta({ description: 'Warn when a listing\'s completeness score (0-100) is below this.' }),
      })
      .prefault({})
      .meta({ description: 'Completeness policy: how many recommended fields a listing should have.' }),
    licence: z
      .strictObject({
        data: z.strictObject({ name: line(120), url: webUrl, id: line(40).optional() }),
        code: z.strictObject({ name: line(120), url: webUrl, id: line(40).optional() }).optional(),
        attribution: line(300),
      }),
    publisher: z.strictObject({
      name: line(150),
      url: webUrl.optional(),
      email: email.meta({ description: 'LOOP\'s editors\' mailbox: the contact in the site footer and feeds, and in copy of every "suggest a change" and "out of date" email.' }),
    }),
    repository: z
      .strictObject({
        url: webUrl.meta({ description: 'The GitHub repository, used for "suggest a change" links.' }),
        branch: line(60).default('main'),
      }),
    cms: z
      .strictObject({
        auth_url: webUrl
          .optional()
          .meta({
            description:
              'The OAuth service that signs people in to the web form (/admin) with GitHub: Decap CMS\'s base_url. Without it, the form uses Netlify\'s, which works only for sites hosted on Netlify.',
          }),
        auth_endpoint: line(100).default('auth').meta({ description: 'Path of the sign-in endpoint on auth_url.' }),
      })
      .prefault({})
      .meta({ description: 'The web form at /admin (Decap CMS): how people sign in.' }),
    edge: z
      .enum(['cloudflare', 'netlify'])
      .optional()
      .meta({
        description:
          'The ORUK query layer on the host\'s edge runtime (docs/feeds/edge.md): `cloudflare` publishes a Cloudflare Pages function (_worker.js), `netlify` a Netlify Edge Function, which answer search, filter and paging parameters on the ORUK list endpoints. Off when absent: the static API cannot apply parameters, and its GET / and the docs say so.',
      }),
    editors: z.array(githubHandle).min(1).meta({ description: 'Fallback owners of every listing (CODEOWNERS).' }),
    example_data: z.boolean().default(false).meta({ description: 'true while data/ holds fictional example listings.' }),
    limits: z
      .strictObject({
        max_file_bytes: z.number().int().min(1024).default(256 * 1024),
        max_alias_count: z.number().int().min(0).default(20),
      })
      .prefault({}),
    sync: z
      .array(
        z.strictObject({
          name: line(80),
          format: z.string(),
          source: z.string(),
          options: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional()
      .meta({ description: 'Directories imported on a schedule by .github/workflows/sync.yml.' }),
  })
  .meta({ title: 'LOOP configuration', description: 'loop.config.yaml: site, policy and publishing settings.' });

export type LoopConfig = z.infer<typeof configSchema>;
export type ReviewPolicy = LoopConfig['review'];
