import { z } from 'zod';
import { line, termRef, uuid, webUrl } from './fields.ts';
import { TAXONOMY_KINDS } from './vocabularies.ts';

export const taxonomyTerm = z
  .strictObject({
    slug: termRef.meta({ description: 'How listings refer to the term, e.g. carers-support or ward/armley.' }),
    name: line(120),
    description: line(1000).optional().meta({ description: 'What the term covers, in plain words.' }),
    parent: termRef.optional().meta({ description: 'The broader term in the same vocabulary.' }),
    code: line(40).optional().meta({ description: 'A code in an external scheme: ONS ward code, ISO 639 language code...' }),
    esd: z
      .array(z.string().regex(/^http:\/\/id\.esd\.org\.uk\/(service|need|circumstance)\/\d+$/, 'use an esd term URI, e.g. http://id.esd.org.uk/service/298'))
      .optional()
      .meta({ description: 'LGA/esd term URIs this term maps to (ORUK taxonomy_term.term_uri).' }),
    snomed: z.string().regex(/^\d{6,18}$/, 'a SNOMED CT concept id is 6 to 18 digits').optional().meta({ description: 'SNOMED CT concept id, for health conditions.' }),
    uri: webUrl.optional().meta({ description: 'A persistent URI for the term in an external scheme.' }),
    synonyms: z.array(line(80)).optional().meta({ description: 'Words people search with for this term.' }),
    sensitive: z
      .boolean()
      .optional()
      .meta({
        description:
          'Set to true for a subject someone may need to hide they are reading about, such as domestic abuse or sexual violence: the pages of listings with this term (or a narrower one) then show an "Exit this page" button.',
      }),
  })
  .meta({ description: 'One term of a vocabulary (HSDS taxonomy_term).' });

export const taxonomySchema = z
  .strictObject({
    id: uuid,
    name: line(120),
    description: line(1000),
    kind: z.enum(TAXONOMY_KINDS).meta({ description: 'Which listing field draws on it.' }),
    uri: webUrl.optional().meta({ description: 'The vocabulary\'s own URI, if it is an external standard.' }),
    version: line(40).optional(),
    terms: z.array(taxonomyTerm).min(1),
  })
  .meta({ title: 'LOOP taxonomy', description: 'A vocabulary: categories, needs, circumstances, conditions, audiences, areas or languages.' });

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type TaxonomyTerm = z.infer<typeof taxonomyTerm>;

export const synonymsSchema = z
  .strictObject({
    groups: z
      .array(z.array(line(60)).min(2, 'a synonym group needs at least two words'))
      .meta({ description: 'Words and phrases people use for the same thing, e.g. [GP, doctor, surgery].' }),
  })
  .meta({ title: 'LOOP search synonyms', description: 'Words that mean the same thing to someone searching.' });

export type Synonyms = z.infer<typeof synonymsSchema>;
