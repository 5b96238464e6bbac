/**
 * Completeness, defined once: which recommended (not required) fields a listing has, as a score out of 100, with
 * what to do about each missing one. The validator warns below the threshold in loop.config.yaml; the site, the
 * feeds and the dashboard show the same score.
 */
import type { Resource } from './resource.ts';
import type { Service } from './service.ts';

export interface Recommendation {
  id: string;
  /** Plain words for the dashboard's "what to do next". */
  advice: string;
  weight: number;
  present: (listing: never) => boolean;
}

function rec<T>(id: string, weight: number, advice: string, present: (listing: T) => boolean): Recommendation {
  return { id, weight, advice, present: present as (listing: never) => boolean };
}

const has = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '');

export const SERVICE_RECOMMENDATIONS: readonly Recommendation[] = [
  rec<Service>('description', 3, 'Add a description: what happens, who runs it, what to expect.', (s) => has(s.description)),
  rec<Service>('contact', 3, 'Add a phone number, email or website so people can get in touch.', (s) => has(s.phones) || has(s.email) || has(s.url)),
  rec<Service>('where', 2, 'Say where it happens (a venue under locations) or how it is delivered (delivery).', (s) => has(s.locations) || has(s.delivery) || s.confidential_location === true),
  rec<Service>('when', 2, 'Add opening times (schedules) so people know when to go or call.', (s) => has(s.schedules) || (s.locations ?? []).some((l) => has(l.schedules))),
  rec<Service>('who', 2, 'Say who it is for: audiences, ages or an eligibility description.', (s) => has(s.audiences) || has(s.eligibility_description) || s.minimum_age !== undefined || s.maximum_age !== undefined),
  rec<Service>('cost', 1, 'Say what it costs (or that it is free).', (s) => has(s.cost)),
  rec<Service>('access', 2, 'Explain how to get it: self-referral, professional referral, or just turn up.', (s) => has(s.referral)),
  rec<Service>('area', 1, 'Add service areas: the whole city, wards or postcode districts people must live in.', (s) => has(s.service_areas)),
  rec<Service>('needs', 1, 'Add the everyday needs it helps with, so people find it by what they need.', (s) => has(s.needs) || has(s.circumstances) || has(s.conditions)),
  rec<Service>('languages', 1, 'List the languages it is offered in.', (s) => has(s.languages)),
  rec<Service>('accessibility', 1, 'Describe accessibility (step-free access, BSL, easy read...).', (s) => has(s.accessibility)),
];

export const RESOURCE_RECOMMENDATIONS: readonly Recommendation[] = [
  rec<Resource>('description', 3, 'Add a description: what it covers and how it helps.', (r) => has(r.description)),
  rec<Resource>('who', 2, 'Say who it is for: audiences, ages or an eligibility description.', (r) => has(r.audiences) || has(r.eligibility_description) || r.minimum_age !== undefined),
  rec<Resource>('needs', 1, 'Add the needs, circumstances or conditions it helps with.', (r) => has(r.needs) || has(r.circumstances) || has(r.conditions)),
  rec<Resource>('languages', 1, 'List the languages it is available in.', (r) => has(r.languages)),
  rec<Resource>('cost', 1, 'Say what it costs (or that it is free).', (r) => has(r.cost)),
  rec<Resource>('accessibility', 1, 'Describe accessibility (easy read, large print, subtitles, screen-reader friendly...).', (r) => has(r.accessibility)),
  rec<Resource>('clinical-review', 1, 'If it gives health advice, record its clinical review (clinically_reviewed).', (r) => has(r.clinically_reviewed) || !(has(r.conditions))),
];

export interface Completeness {
  /** 0-100, rounded. */
  score: number;
  missing: { id: string; advice: string }[];
}

export function completenessOf(listing: (Service & { listing: 'service' }) | (Resource & { listing: 'resource' })): Completeness {
  const recommendations = listing.listing === 'service' ? SERVICE_RECOMMENDATIONS : RESOURCE_RECOMMENDATIONS;
  let total = 0;
  let got = 0;
  const missing: Completeness['missing'] = [];
  for (const r of recommendations) {
    total += r.weight;
    if (r.present(listing as never)) got += r.weight;
    else missing.push({ id: r.id, advice: r.advice });
  }
  return { score: Math.round((100 * got) / total), missing };
}
