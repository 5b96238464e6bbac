import { addMonths } from '../../model/freshness.ts';
import type { Rule } from '../rule.ts';

export const freshnessRule: Rule = {
  id: 'freshness',
  description: 'reviewed is not in the future; listings past the review policy in loop.config.yaml get a warning.',
  check({ dataset, report }) {
    const { due_after_months: due, overdue_after_months: overdue } = dataset.config.review;
    for (const listing of dataset.listings) {
      if (listing.reviewed > dataset.asOf) {
        report(listing.file, ['reviewed'], `reviewed (${listing.reviewed}) is in the future`, { hint: `use the date the listing was actually checked, at the latest ${dataset.asOf}` });
        continue;
      }
      const info = dataset.freshnessOf(listing);
      if (info.freshness === 'overdue') {
        report(listing.file, ['reviewed'], `last reviewed ${listing.reviewed}, more than ${overdue} months ago: this listing is overdue for review`, {
          severity: 'warning',
          hint: 'check every detail with the service, then run `npx loop review ' + listing.file + '`',
        });
      } else if (info.freshness === 'due') {
        report(listing.file, ['reviewed'], `last reviewed ${listing.reviewed}, more than ${due} months ago: a review is due (overdue from ${info.overdue})`, {
          severity: 'warning',
          hint: 'check every detail with the service, then run `npx loop review ' + listing.file + '`',
        });
      }
      if (listing.listing === 'resource' && listing.clinically_reviewed && listing.clinically_reviewed.date > dataset.asOf) {
        report(listing.file, ['clinically_reviewed', 'date'], `the clinical review date (${listing.clinically_reviewed.date}) is in the future`);
      }
      if (listing.listing === 'resource' && listing.clinically_reviewed && addMonths(listing.clinically_reviewed.date, 36) <= dataset.asOf) {
        report(listing.file, ['clinically_reviewed', 'date'], 'the clinical review is more than three years old', { severity: 'warning' });
      }
    }
  },
};
