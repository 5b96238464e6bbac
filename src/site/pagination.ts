/**
 * Long browse lists are split into numbered pages, so no page grows with the dataset: a category with 2,000
 * listings is 40 pages of 50, each quick to load on a phone and readable without JavaScript.
 */
export const BROWSE_PAGE_SIZE = 50;
/** Lists of names only (organisations, places) fit more on a page. */
export const NAME_LIST_PAGE_SIZE = 200;

export function pageCount(items: number, size = BROWSE_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(items / size));
}

/** The items on page `page` (1-based). */
export function pageOf<T>(items: readonly T[], page: number, size = BROWSE_PAGE_SIZE): readonly T[] {
  return items.slice((page - 1) * size, page * size);
}

/** 1..count */
export function pageNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
