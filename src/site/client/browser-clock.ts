/**
 * The reader's moment, for "open now" and the days "open on" offers: read in the browser, because the build cannot
 * know when a page is read. Tests fix it with Playwright's clock. The one place client code reads the clock.
 */
export function readerNow(): Date {
  return new Date();
}
