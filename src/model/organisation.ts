import { z } from 'zod';
import { charityNumber, companyNumber, contact, email, githubHandle, line, phone, provenance, richText, slug, socialLink, uuid, webUrl } from './fields.ts';

export const organisationSchema = z
  .strictObject({
    id: uuid,
    name: line(150).meta({ description: 'The public name of the organisation.' }),
    alternate_name: line(150).optional().meta({ description: 'Another name people know it by.' }),
    description: richText.meta({ description: 'What the organisation is and does.' }),
    website: webUrl.optional(),
    email: email.optional().meta({ description: 'A general enquiries mailbox.' }),
    phones: z.array(phone).optional().meta({ description: 'Phone lines for the organisation.' }),
    logo: webUrl.optional().meta({ description: 'Address of a logo image.' }),
    charity_number: charityNumber.optional(),
    company_number: companyNumber.optional(),
    other_identifiers: z
      .array(
        z.strictObject({
          scheme: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,}$/, 'use an org-id.guide scheme such as GB-NHS or GB-EDU').meta({ description: 'org-id.guide scheme, e.g. GB-NHS.' }),
          identifier: line(60),
          type: line(60).optional().meta({ description: 'e.g. "NHS organisation code".' }),
        }),
      )
      .optional()
      .meta({ description: 'Other official identifiers (HSDS organization_identifiers).' }),
    legal_status: line(120).optional().meta({ description: 'e.g. "Registered charity", "CIC", "NHS trust".' }),
    year_incorporated: z.number().int().min(1500).max(2100).optional().meta({ description: 'The year it was founded or registered.' }),
    parent_organisation: slug.optional().meta({ description: 'The file name of a parent organisation in data/organisations/.' }),
    contacts: z.array(contact).optional().meta({ description: 'Roles to contact (never private individuals).' }),
    social: z.array(socialLink).optional().meta({ description: 'Social media pages.' }),
    funding: z.array(line(300)).optional().meta({ description: 'Who funds the organisation (HSDS funding.source).' }),
    maintainers: z
      .array(githubHandle)
      .optional()
      .meta({ description: 'GitHub users or teams who may approve changes to this organisation\'s listings (CODEOWNERS).' }),
    provenance: z.array(provenance).optional().meta({ description: 'Where an imported record came from (written by `npx loop import`).' }),
  })
  .meta({ title: 'LOOP organisation', description: 'An organisation that runs services or publishes resources.' });

export type Organisation = z.infer<typeof organisationSchema>;
