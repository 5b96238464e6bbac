/**
 * Entry of /widget/v1/loop-widget.mjs, the ES module: `import 'https://…/widget/v1/loop-widget.mjs'` registers
 * <loop-listings>; the element class is exported for pages that want to extend or check for it.
 */
import { defineLoopListings, LoopListingsElement } from './element.ts';

defineLoopListings(import.meta.url);

export { LoopListingsElement };
