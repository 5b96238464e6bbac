/**
 * Field types used by every file kind. Format checks carry `params.rule` so the validator reports them under
 * their own rule name (phone, postcode, url, email, charity-number...) rather than a generic schema error.
 */
import { z } from 'zod';
import {
  checkCharityNumber,
  checkCompanyNumber,
  checkEmail,
  checkGitHubHandle,
  checkLineText,
  checkPhone,
  checkProseText,
  checkTextLinks,
  checkPostcode,
  checkTime,
  checkWebUrl,
  type FormatProblem,
} from './formats.ts';

type Check = (value: string) => FormatProblem | null;

function formatted(rule: string, check: Check, jsonSchema: Record<string, unknown>) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = check(value);
      if (problem) ctx.addIssue(issueFor(rule, problem));
    })
    .meta(jsonSchema);
}

function issueFor(rule: string, problem: FormatProblem) {
  return { code: 'custom' as const, message: problem.message, params: { rule, suggestion: problem.suggestion, character: problem.character } };
}

/** Rule "text": hidden characters in names and descriptions, checked wherever the model has free text. */
function text(check: Check) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    const problem = check(value);
    if (problem) ctx.addIssue(issueFor('text', problem));
  };
}

export const uuid = z.uuid().meta({
  description: 'A UUID that never changes, even if the name or file does (`npx loop new` makes one).',
  examples: ['6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d'],
});

/** A readable reference to another file in data/ (its file name without `.yaml`). */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens, e.g. "chapeltown-carers-network"')
  .meta({ description: 'A reference to another listing by its file name (without .yaml).' });

/** Taxonomy terms may be namespaced (`ward/armley`, `postcode/ls7`). */
export const termRef = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/,
    'use the term\'s slug, e.g. "carers-support" or "ward/armley"',
  )
  .meta({ description: 'A taxonomy term slug from data/taxonomies/.' });

export const date = z.iso.date({ message: 'use a date written as YYYY-MM-DD, e.g. 2026-09-14' }).meta({
  description: 'A calendar date, YYYY-MM-DD.',
  examples: ['2026-09-14'],
});

export const time = formatted('schema', checkTime, { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', examples: ['09:30'] });

export const webUrl = formatted('url', checkWebUrl, {
  format: 'uri',
  pattern: '^https?://',
  description: 'A web address starting https:// (or http://).',
  examples: ['https://www.example.org/'],
});

export const email = formatted('email', checkEmail, {
  format: 'email',
  description: 'An email address; for contacts, a role mailbox (info@, referrals@), never a person\'s own address.',
  examples: ['hello@example.org'],
});

export const postcode = formatted('postcode', checkPostcode, {
  pattern: '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$',
  description: 'A UK postcode in capitals with one space, e.g. LS7 3HB.',
  examples: ['LS7 3HB'],
});

export const charityNumber = formatted('charity-number', checkCharityNumber, {
  description: 'Charity Commission (England and Wales) or OSCR (Scotland) registered number.',
  examples: ['1123456'],
});

export const companyNumber = formatted('charity-number', checkCompanyNumber, {
  description: 'Companies House number, 8 characters.',
  examples: ['01234567'],
});

export const githubHandle = formatted('schema', checkGitHubHandle, {
  description: 'A GitHub user name or organisation team (org/team).',
  examples: ['octocat'],
});

/** Markdown subset: paragraphs, lists, **bold**, _emphasis_ and [links](https://...). Rendered, never raw HTML. */
export const richText = z
  .string()
  .min(1)
  .max(10_000, 'keep descriptions under 10,000 characters; put long documents on your own website and link to them')
  .superRefine(text(checkProseText))
  .superRefine((value, ctx) => {
    const problem = checkTextLinks(value);
    if (problem) ctx.addIssue(issueFor('url', problem));
  })
  .meta({
    description:
      'Plain text, or a small markdown subset: paragraphs, "- " lists, **bold**, _emphasis_ and [links](https://...). HTML is shown as text.',
  });

/** Single-line text; the cap stops a pasted document from ending up in a name field. */
export const line = (max = 200) =>
  z.string().trim().min(1, 'this cannot be empty').max(max, `keep this under ${max} characters`).superRefine(text(checkLineText));

export const phoneType = z
  .enum(['voice', 'text', 'fax', 'textphone', 'video'])
  .meta({ description: 'What kind of line this is (HSDS phone.type, from RFC 6350).' });

/** A phone number line, written as a volunteer would say it; `type: text` allows SMS short codes. */
export const phone = z
  .strictObject({
    number: z.string().meta({ description: 'As you would dial it, e.g. 0113 496 0123.', examples: ['0113 496 0123'] }),
    type: phoneType.optional(),
    extension: z.number().int().positive().optional().meta({ description: 'Extension number, if any.' }),
    description: line(300).optional().meta({ description: 'When to call, who answers, what the line is for.' }),
    languages: z.array(z.string()).optional().meta({ description: 'Languages spoken on this line (codes from data/taxonomies/languages.yaml).' }),
  })
  .superRefine((value, ctx) => {
    const problem = checkPhone(value.number, value.type);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: problem.message, params: { rule: 'phone', suggestion: problem.suggestion } });
    }
  })
  .meta({ description: 'A phone line (HSDS phone).' });

export const weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
export const WEEKDAY_NAMES: Record<z.infer<typeof weekday>, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/**
 * A closing time not after the opening time is a session past midnight (22:00–02:00, a night line) or, as 00:00–00:00,
 * the whole day. Only those shapes: one that opens in the morning and "closes" earlier (10:00–09:00) is a typo.
 */
export function runsPastMidnight(opens: string, closes: string): boolean {
  if (opens === '00:00' && closes === '00:00') return true;
  return closes < opens && opens >= '12:00' && closes <= '12:00';
}

export const schedule = z
  .strictObject({
    freq: z
      .enum(['weekly', 'monthly'])
      .default('weekly')
      .meta({ description: 'weekly (the default) or monthly (HSDS freq).' }),
    interval: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .meta({ description: 'Every N weeks or months: 2 with weekly means fortnightly (HSDS interval).' }),
    days: z
      .array(weekday)
      .min(1)
      .optional()
      .meta({ description: 'Days it runs: MO TU WE TH FR SA SU (HSDS byday).', examples: [['MO', 'WE']] }),
    weeks_of_month: z
      .array(z.number().int().min(-1).max(5).refine((n) => n !== 0, 'use 1-5, or -1 for the last week'))
      .optional()
      .meta({ description: 'With freq monthly: which weeks, e.g. [1, 3] for the first and third; -1 is the last.' }),
    month_days: z
      .array(z.number().int().min(-31).max(31))
      .optional()
      .meta({ description: 'With freq monthly: days of the month, e.g. [1, 15] (HSDS bymonthday).' }),
    opens: time.optional().meta({ description: 'Opening time, 24-hour HH:MM, UK local time.' }),
    closes: time.optional().meta({ description: 'Closing time, 24-hour HH:MM, UK local time. Earlier than opens for a session past midnight (22:00 to 02:00); 00:00 with opens 00:00 for round the clock.' }),
    dtstart: date.optional().meta({ description: 'First occurrence; needed with interval (HSDS dtstart).' }),
    valid_from: date.optional(),
    valid_to: date.optional(),
    description: line(500).optional().meta({ description: 'The pattern in words, if it is unusual.' }),
    notes: line(500).optional().meta({ description: 'Notes such as "closed on bank holidays".' }),
    schedule_link: webUrl.optional().meta({ description: 'Where to see sessions or book.' }),
    attending_type: z.enum(['in-person', 'online', 'phone', 'home-visit']).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.opens && s.closes && s.closes <= s.opens && !runsPastMidnight(s.opens, s.closes)) {
      ctx.addIssue({
        code: 'custom',
        path: ['closes'],
        message: `closes (${s.closes}) must be after opens (${s.opens}); a session past midnight opens after noon and closes by noon (22:00 to 02:00), and round the clock is 00:00 to 00:00`,
        params: { rule: 'schedule' },
      });
    }
    if ((s.opens && !s.closes) || (!s.opens && s.closes)) {
      ctx.addIssue({ code: 'custom', path: [s.opens ? 'closes' : 'opens'], message: 'give both opens and closes, or neither', params: { rule: 'schedule' } });
    }
    if (s.freq === 'weekly' && (s.weeks_of_month || s.month_days)) {
      ctx.addIssue({ code: 'custom', path: ['freq'], message: 'weeks_of_month and month_days need "freq: monthly"', params: { rule: 'schedule' } });
    }
    if (s.freq === 'monthly' && !s.weeks_of_month && !s.month_days && !s.dtstart) {
      ctx.addIssue({ code: 'custom', path: ['freq'], message: 'a monthly schedule needs weeks_of_month (e.g. [1]) with days, month_days, or dtstart', params: { rule: 'schedule' } });
    }
    if (s.weeks_of_month && !s.days) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'weeks_of_month needs days, e.g. weeks_of_month: [1] and days: [TU] for the first Tuesday', params: { rule: 'schedule' } });
    }
    if (s.interval && s.interval > 1 && !s.dtstart) {
      ctx.addIssue({ code: 'custom', path: ['dtstart'], message: 'with an interval, give dtstart (a date it runs) so people can tell which weeks', params: { rule: 'schedule' } });
    }
    if (s.valid_from && s.valid_to && s.valid_to < s.valid_from) {
      ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'valid_to is before valid_from', params: { rule: 'schedule' } });
    }
  })
  .meta({ description: 'When something happens: an iCalendar-style recurrence (HSDS schedule).' });

export const costOption = z
  .strictObject({
    amount: z.number().min(0).max(100_000).optional().meta({ description: 'Price in pounds, e.g. 3.50.' }),
    currency: z.string().regex(/^[A-Z]{3}$/).default('GBP').meta({ description: 'ISO 4217 code; GBP unless stated.' }),
    option: line(300).optional().meta({ description: 'Who or what this price is for, e.g. "Over 60s" or "First session".' }),
    amount_description: line(300).optional().meta({ description: 'e.g. "per session".' }),
    valid_from: date.optional(),
    valid_to: date.optional(),
  })
  .meta({ description: 'One price (HSDS cost_option).' });

export const cost = z
  .union([
    z.literal('free').meta({ description: 'No charge.' }),
    z.strictObject({
      free: z.boolean().optional().meta({ description: 'true when the core offer is free (with optional extras).' }),
      description: line(1000).optional().meta({ description: 'Charges in words (HSDS fees_description).' }),
      options: z.array(costOption).optional(),
    }),
  ])
  .meta({ description: 'Write `free`, or give prices under options and a description.' });

export const contact = z
  .strictObject({
    name: line(120).optional().meta({ description: 'A role or team ("Referrals team"), never a private person.' }),
    title: line(120).optional().meta({ description: 'Job title of the role.' }),
    department: line(120).optional(),
    email: email.optional().meta({ description: 'A role mailbox.' }),
    phones: z.array(phone).optional(),
  })
  .meta({ description: 'A role to contact (HSDS contact). Never a private individual: see CONTRIBUTING.md.' });

export const socialLink = z
  .strictObject({
    platform: z.enum(['facebook', 'x', 'instagram', 'youtube', 'tiktok', 'linkedin', 'whatsapp', 'mastodon', 'bluesky', 'threads', 'other']),
    url: webUrl,
  })
  .meta({ description: 'A social media page.' });

export const informationSection = z
  .strictObject({
    title: line(80).meta({ description: 'e.g. "Getting here", "What to bring", "Parking".' }),
    text: richText,
  })
  .meta({ description: 'A short section of useful information.' });

export const provenance = z
  .strictObject({
    system: line(80).meta({ description: 'The directory this record came from, e.g. "Doing Good Leeds (CiviCRM)".' }),
    id: line(200).meta({ description: 'The record\'s id in that system.' }),
    url: webUrl.optional(),
    imported: date.meta({ description: 'When it was last imported.' }),
  })
  .meta({ description: 'Where an imported record came from (written by `npx loop import`).' });

export const review = {
  reviewed: date.meta({
    description: 'When someone last checked every detail was right (HSDS assured_date). `npx loop review <file>` sets it to today.',
  }),
  reviewed_by: email.meta({ description: 'Role mailbox of whoever checked it (HSDS assurer_email).' }),
};

export const status = z
  .enum(['active', 'inactive', 'defunct', 'temporarily closed'])
  .meta({ description: 'HSDS status: active, inactive, defunct, or temporarily closed.' });
