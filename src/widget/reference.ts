/**
 * The widget's public interface in words: every attribute, ::part() name, --loop-* custom property and event.
 * The guide page (/embed/guide/) renders its tables from these lists, and tests/widget/reference.test.ts checks
 * them against the element (observedAttributes, the parts it renders, the properties its styles read, their
 * defaults) and against docs/widget.md, so the documentation cannot drift from the code.
 *
 * Site and tests only: the browser bundle never imports this file.
 */

export interface Documented {
  name: string;
  description: string;
}

export interface DocumentedAttribute extends Documented {
  /** What the value looks like. */
  value: string;
}

export interface DocumentedProperty extends Documented {
  default: string;
}

export const WIDGET_ATTRIBUTES: DocumentedAttribute[] = [
  { name: 'category', value: 'a category slug, e.g. carers-support', description: 'Listings in this category (LOOP categories, mapped to LGA service types).' },
  { name: 'need', value: 'a need slug, e.g. food', description: 'Listings that help with this need.' },
  { name: 'circumstance', value: 'a circumstance slug', description: 'Listings for people in this circumstance (e.g. bereavement).' },
  { name: 'condition', value: 'a condition slug', description: 'Listings for this health condition.' },
  { name: 'audience', value: 'an audience slug, e.g. carers', description: 'Listings for this group of people.' },
  { name: 'area', value: 'an area slug, e.g. ward/armley or leeds', description: 'Listings for this area: those that name it as where they serve, and those that meet in it. A ward or postcode district then shows the help open to the whole city (area="leeds"), under "Also open to everyone in Leeds", as its page on LOOP does.' },
  { name: 'language', value: 'a language code, e.g. ur', description: 'Listings offered in this language.' },
  { name: 'tag', value: 'a tag, e.g. coronavirus', description: 'Listings with this campaign tag.' },
  { name: 'organisation', value: 'an organisation slug', description: 'Listings run or published by this organisation.' },
  { name: 'limit', value: 'a whole number, 1 to 100 (default 10)', description: 'How many listings to show at once (per page with paging).' },
  { name: 'paging', value: 'present or absent', description: 'Adds Previous page and Next page buttons. Without it the widget shows the first listings and a link to the rest on LOOP.' },
  { name: 'search', value: 'present or absent', description: 'Adds a search box that filters the listings as people type.' },
  { name: 'heading', value: 'text', description: 'A heading above the listings, e.g. "Support for carers".' },
  { name: 'heading-level', value: '1 to 6 (default 2)', description: 'The level of the widget\'s top heading: the heading when given (listing names one level below), otherwise the listing names. Match it to your page\'s outline.' },
  { name: 'target', value: '_self, _blank, _parent or _top', description: 'Where links open. Leave it out to open them in the same tab; the LOOP embed page uses _top.' },
  { name: 'src', value: 'the LOOP site address, e.g. https://loop-leeds.github.io/loop/', description: 'Which LOOP site to read. Only needed when you host the script yourself: by default the widget reads the site the script came from.' },
];

export const WIDGET_PARTS: Documented[] = [
  { name: 'root', description: 'The whole widget.' },
  { name: 'heading', description: 'The heading (the heading attribute).' },
  { name: 'fallback', description: 'Wraps your own content inside the tag, shown while loading and when the listings cannot be shown.' },
  { name: 'search', description: 'The search form.' },
  { name: 'search-label', description: 'The search box\'s label.' },
  { name: 'search-input', description: 'The search box.' },
  { name: 'count', description: 'The line saying how many listings there are ("Showing 1 to 10 of 34 listings").' },
  { name: 'list', description: 'The list of listings.' },
  { name: 'also-heading', description: 'The heading above the help open to the whole city that a ward or postcode district shows after its own ("Also open to everyone in Leeds").' },
  { name: 'also', description: 'The list of that city-wide help (also a list part).' },
  { name: 'item', description: 'One listing.' },
  { name: 'name', description: 'A listing\'s name (a heading).' },
  { name: 'name-link', description: 'The link in a listing\'s name.' },
  { name: 'organisation', description: 'Who runs it.' },
  { name: 'notice', description: 'A temporary notice ("Temporarily closed", holiday closures).' },
  { name: 'summary', description: 'The listing\'s summary.' },
  { name: 'details', description: 'The phone, opening times and website list.' },
  { name: 'phone', description: 'A phone number link (tel:).' },
  { name: 'opening', description: 'Opening times.' },
  { name: 'website', description: 'The listing\'s website link.' },
  { name: 'reviewed', description: '"Last reviewed 14 September 2026."' },
  { name: 'warning', description: 'The "may be out of date" note on listings overdue for review.' },
  { name: 'more-link', description: 'The "Full details" link to the listing on LOOP.' },
  { name: 'paging', description: 'The paging bar.' },
  { name: 'page-number', description: '"Page 2 of 4".' },
  { name: 'button', description: 'Every button (paging, try again).' },
  { name: 'previous', description: 'The Previous page button.' },
  { name: 'next', description: 'The Next page button.' },
  { name: 'retry', description: 'The Try again button after a failed load.' },
  { name: 'message', description: 'Loading, empty and error messages.' },
  { name: 'loading', description: 'The loading message.' },
  { name: 'empty', description: 'The message when nothing matches.' },
  { name: 'error', description: 'The message when the listings cannot be shown.' },
  { name: 'link', description: 'Links to the LOOP site (footer, error message).' },
  { name: 'footer', description: 'The footer: a link to LOOP and the licence attribution.' },
];

export const WIDGET_PROPERTIES: DocumentedProperty[] = [
  { name: '--loop-font-family', default: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', description: 'Text font.' },
  { name: '--loop-font-size', default: 'medium', description: 'Base text size (the reader\'s browser setting by default).' },
  { name: '--loop-line-height', default: '1.5', description: 'Line height.' },
  { name: '--loop-text-color', default: '#0b0c0c', description: 'Text colour (and the search box border).' },
  { name: '--loop-muted-color', default: '#505a5f', description: 'Secondary text: organisation, counts, review dates.' },
  { name: '--loop-background', default: '#ffffff', description: 'Background. Set it to transparent to use your page\'s, and check the text colours against it.' },
  { name: '--loop-padding', default: '0', description: 'Space inside the widget\'s edge.' },
  { name: '--loop-gap', default: '1em', description: 'Space above and below each listing.' },
  { name: '--loop-border-color', default: '#b1b4b6', description: 'Lines between listings.' },
  { name: '--loop-heading-font-family', default: 'inherit', description: 'Heading font.' },
  { name: '--loop-heading-color', default: 'inherit', description: 'Heading colour.' },
  { name: '--loop-link-color', default: '#1d70b8', description: 'Links.' },
  { name: '--loop-link-visited-color', default: '#4c2c92', description: 'Visited links.' },
  { name: '--loop-focus-color', default: '#ffdd00', description: 'Keyboard focus highlight.' },
  { name: '--loop-focus-text-color', default: '#0b0c0c', description: 'Text on the focus highlight, and the focus underline.' },
  { name: '--loop-accent-color', default: '#1d70b8', description: 'Button background.' },
  { name: '--loop-accent-text-color', default: '#ffffff', description: 'Button text.' },
  { name: '--loop-radius', default: '0', description: 'Button corner radius.' },
  { name: '--loop-warning-color', default: '#6f3e00', description: 'The edge of notices and "may be out of date" notes.' },
  { name: '--loop-warning-background', default: '#fff4e5', description: 'Their background.' },
  { name: '--loop-warning-text-color', default: '#0b0c0c', description: 'Their text.' },
];

export const WIDGET_EVENTS: Documented[] = [
  { name: 'loop-listings-render', description: 'After listings are shown (also after searching and paging). detail: { total, shown, page, pages }.' },
  { name: 'loop-listings-error', description: 'When the listings cannot be shown. detail: { message }.' },
];
