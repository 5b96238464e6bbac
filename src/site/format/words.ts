/** Model values in the plain words a person reads on the site. */
import { DELIVERY_WORDS as DELIVERY_TERMS, type DELIVERY, type REFERRAL_ROUTES, type RESOURCE_FORMATS } from '../../model/vocabularies.ts';
import type { EffectiveStatus } from '../../dataset/dataset.ts';

export const DELIVERY_WORDS = Object.fromEntries(Object.entries(DELIVERY_TERMS).map(([value, { name }]) => [value, name])) as Record<(typeof DELIVERY)[number], string>;

export const REFERRAL_WORDS: Record<(typeof REFERRAL_ROUTES)[number], string> = {
  'self-referral': 'You can refer yourself.',
  'professional-referral': 'You need to be referred by a professional, such as your GP, a social worker or a link worker.',
  'self-or-professional-referral': 'You can refer yourself, or a professional can refer you.',
  none: 'You do not need a referral.',
};

export const FORMAT_WORDS: Record<(typeof RESOURCE_FORMATS)[number], string> = {
  leaflet: 'Leaflet',
  app: 'App',
  video: 'Video',
  course: 'Course',
  website: 'Website',
  audio: 'Audio',
  book: 'Book',
  toolkit: 'Toolkit',
};

/** What the "open it" button says for each resource format. */
export const FORMAT_ACTION: Record<(typeof RESOURCE_FORMATS)[number], string> = {
  leaflet: 'Read the leaflet',
  app: 'Get the app',
  video: 'Watch the video',
  course: 'Find out about the course',
  website: 'Go to the website',
  audio: 'Listen',
  book: 'Find the book',
  toolkit: 'Open the toolkit',
};

export const PLATFORM_WORDS: Record<'web' | 'ios' | 'android' | 'print', string> = {
  web: 'Web browser',
  ios: 'iPhone and iPad',
  android: 'Android',
  print: 'Printed copy',
};

export const KIND_WORDS: Record<'service' | 'activity' | 'club' | 'group', string> = {
  service: 'Service',
  activity: 'Activity',
  club: 'Club',
  group: 'Group',
};

export const STATUS_WORDS: Record<EffectiveStatus, string> = {
  active: 'Open',
  'temporarily closed': 'Temporarily closed',
  inactive: 'No longer running',
  defunct: 'Closed for good',
};

export const SOCIAL_WORDS: Record<string, string> = {
  facebook: 'Facebook',
  x: 'X (Twitter)',
  instagram: 'Instagram',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  other: 'Social media',
};

/** "1 service", "2 services". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

/** How each vocabulary's browse pages are titled and introduced. */
export const VOCABULARY_WORDS: Record<import('../../model/vocabularies.ts').TaxonomyKind, { title: string; intro: string; termTitle: (name: string) => string }> = {
  category: { title: 'Types of help', intro: 'Every kind of help listed, from advice and support groups to food and transport.', termTitle: (n) => n },
  need: { title: 'What people need', intro: 'Help sorted by everyday needs, in the words people use for them.', termTitle: (n) => n },
  circumstance: { title: 'Life events and situations', intro: 'Help for what is happening in your life: becoming a carer, leaving hospital, losing someone.', termTitle: (n) => n },
  condition: { title: 'Health conditions', intro: 'Groups, services and self-help for people living with a health condition, and the people close to them.', termTitle: (n) => n },
  audience: { title: 'Who it is for', intro: 'Starting points for particular groups of people, for link workers, social prescribers and anyone looking for themselves or someone else.', termTitle: (n) => `For ${lowerFirst(n)}` },
  area: { title: 'Areas of Leeds', intro: 'Help by where it happens or who it is for: the whole city, its wards and its postcode districts.', termTitle: (n) => `Help in ${n}` },
  language: { title: 'Languages', intro: 'Services and resources offered in languages other than English, and in British Sign Language.', termTitle: (n) => `In ${n}` },
};

/** "Carers" -> "carers", but "LGBTQ+ people" and "BSL users" keep their capitals. */
export function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
