/** Which organisations the community builder should talk to first, and the one-line reason why. */
import type { Figures, OrganisationFigures } from '../figures.ts';

/** Overdue listings first, then due ones, then the least complete, then the most warnings. */
export function compareAttention(a: OrganisationFigures, b: OrganisationFigures): number {
  return (
    b.freshness.overdue - a.freshness.overdue ||
    b.freshness.due - a.freshness.due ||
    (a.completeness ?? 101) - (b.completeness ?? 101) ||
    b.warnings - a.warnings ||
    a.name.localeCompare(b.name, 'en-GB')
  );
}

/** Organisations with something to do (a listing due or overdue, or below the completeness policy), most first. */
export function needingAttention(figures: Figures, threshold: number, count = 10): OrganisationFigures[] {
  return figures.organisations
    .filter((o) => o.freshness.overdue + o.freshness.due > 0 || (o.completeness !== null && o.completeness < threshold) || o.warnings > 0)
    .sort(compareAttention)
    .slice(0, count);
}
