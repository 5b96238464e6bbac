import type { Rule } from '../rule.ts';

export const endDateRule: Rule = {
  id: 'end-date',
  description: 'A listing whose end_date has passed is shown as inactive, with a warning to update or remove it.',
  check({ dataset, report }) {
    for (const listing of dataset.listings) {
      if (!listing.end_date) continue;
      if (listing.end_date < dataset.asOf && listing.status === 'active') {
        report(listing.file, ['end_date'], `the end date ${listing.end_date} has passed, so LOOP shows this listing as inactive`, {
          severity: 'warning',
          hint: 'if it is still running, change or remove end_date; if not, set status: inactive',
        });
      }
      if (listing.end_date < listing.reviewed) {
        report(listing.file, ['end_date'], `the end date ${listing.end_date} is before the listing was last reviewed (${listing.reviewed})`, { severity: 'warning' });
      }
    }
  },
};
