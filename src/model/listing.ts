/**
 * What services and resources share: the fields a person searching needs to decide whether something is for them.
 */
import { z } from 'zod';
import { cost, date, email, line, provenance, review, richText, slug, socialLink, status, termRef, uuid, webUrl } from './fields.ts';

export const tag = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'tags are lower-case words joined by hyphens, e.g. "coronavirus"')
  .meta({ description: 'A free label for campaigns and slices (e.g. coronavirus, cost-of-living).' });

export const SUMMARY_MAX = 300;

export const listingFields = {
  id: uuid,
  name: line(150).meta({ description: 'The name people know it by.' }),
  alternate_name: line(150).optional().meta({ description: 'Another name people know it by.' }),
  organisation: slug.meta({ description: 'The organisation (file name in data/organisations/) that runs it.' }),
  status: status.default('active'),
  summary: line(SUMMARY_MAX).meta({
    description: `One or two sentences shown in search results, at most ${SUMMARY_MAX} characters.`,
  }),
  description: richText.optional(),
  url: webUrl.optional(),
  email: email.optional(),
  categories: z.array(termRef).min(1, 'give at least one category').meta({ description: 'Service types from data/taxonomies/categories.yaml.' }),
  needs: z.array(termRef).optional().meta({ description: 'Everyday needs it helps with (data/taxonomies/needs.yaml).' }),
  circumstances: z.array(termRef).optional().meta({ description: 'Life events and circumstances (data/taxonomies/circumstances.yaml).' }),
  conditions: z.array(termRef).optional().meta({ description: 'Health conditions (data/taxonomies/conditions.yaml).' }),
  audiences: z.array(termRef).optional().meta({ description: 'Who it is for (data/taxonomies/audiences.yaml).' }),
  minimum_age: z.number().int().min(0).max(120).optional().meta({ description: 'Youngest age it is for, in years.' }),
  maximum_age: z.number().int().min(0).max(120).optional().meta({ description: 'Oldest age it is for, in years.' }),
  eligibility_description: richText.optional().meta({ description: 'Who can use it, in words.' }),
  cost: cost.optional(),
  languages: z.array(z.string()).optional().meta({ description: 'Languages it is offered in, as codes from data/taxonomies/languages.yaml (en, ur, pl...).' }),
  accessibility: richText.optional().meta({ description: 'How it is made accessible (easy read, BSL, large print...).' }),
  social: z.array(socialLink).optional().meta({ description: 'Social media pages.' }),
  alert: line(500).optional().meta({ description: 'A temporary notice shown prominently, e.g. "Closed 24 December to 2 January".' }),
  end_date: date.optional().meta({ description: 'After this date the listing is treated as inactive.' }),
  tags: z.array(tag).optional().meta({ description: 'Free labels for campaigns and slices, e.g. coronavirus, cost-of-living.' }),
  ...review,
  provenance: z.array(provenance).optional().meta({ description: 'Where an imported record came from (written by `npx loop import`).' }),
};

export function checkAges(value: { minimum_age?: number | undefined; maximum_age?: number | undefined }, ctx: z.RefinementCtx): void {
  if (value.minimum_age !== undefined && value.maximum_age !== undefined && value.maximum_age < value.minimum_age) {
    ctx.addIssue({
      code: 'custom',
      path: ['maximum_age'],
      message: `maximum_age (${value.maximum_age}) is below minimum_age (${value.minimum_age})`,
      params: { rule: 'schema' },
    });
  }
}
