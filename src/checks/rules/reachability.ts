import type { Rule } from '../rule.ts';

export const reachabilityRule: Rule = {
  id: 'reachability',
  description: 'Every active service tells people how to reach it (a phone, email, website, referral route or venue).',
  check({ dataset, report }) {
    for (const s of dataset.services) {
      if (!dataset.isActive(s)) continue;
      const reachable = s.phones?.length || s.email || s.url || s.referral || s.locations?.length || s.contacts?.length;
      if (!reachable) {
        report(s.file, ['name'], 'nobody reading this listing can tell how to get the service', {
          severity: 'warning',
          hint: 'add at least one of phones, email, url, referral or locations',
        });
      }
      if (s.delivery?.includes('in-person') && !s.locations?.length && !s.delivery.includes('home-visit') && !s.confidential_location) {
        report(s.file, ['delivery'], 'delivered in person, but no venue is listed under locations', {
          severity: 'warning',
          hint: 'add the venue under locations, or set confidential_location: true if it is only given after referral',
        });
      }
    }
  },
};
