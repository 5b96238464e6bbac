/**
 * Who a listing is for by age: the sentence on the listing page ("Ages 8 to 17") and the age groups search filters
 * on. Groups are broad on purpose: people think "is this for my teenager?", not "is 14 within 11 to 25?".
 */
export interface AgeLimits {
  minimum_age?: number | undefined;
  maximum_age?: number | undefined;
}

/** "Ages 8 to 17", "Ages 16 and over", "Up to age 25", or "" when the listing sets no limits. */
export function describeAges({ minimum_age: min, maximum_age: max }: AgeLimits): string {
  if (min !== undefined && max !== undefined) return min === max ? `Age ${min} only` : `Ages ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? '' : `Ages ${min} and over`;
  if (max !== undefined) return `Up to age ${max}`;
  return '';
}

export const AGE_GROUPS = [
  { slug: 'children', name: 'Children (under 13)', from: 0, to: 12 },
  { slug: 'teenagers', name: 'Teenagers (13 to 17)', from: 13, to: 17 },
  { slug: 'young-adults', name: 'Young adults (18 to 25)', from: 18, to: 25 },
  { slug: 'adults', name: 'Adults (26 to 64)', from: 26, to: 64 },
  { slug: 'older-people', name: 'Older people (65 and over)', from: 65, to: 200 },
] as const;

export type AgeGroup = (typeof AGE_GROUPS)[number]['slug'];

/** Every group the listing's age range overlaps; no limits means every group. */
export function ageGroupsOf({ minimum_age: min = 0, maximum_age: max = 200 }: AgeLimits): AgeGroup[] {
  return AGE_GROUPS.filter((g) => g.from <= max && g.to >= min).map((g) => g.slug);
}
