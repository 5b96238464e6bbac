/**
 * Entry of /widget/v1/loop-widget.js, the classic script (bundled as an IIFE: it adds nothing to `window`). Where
 * the script came from is only knowable while it first runs (document.currentScript), and tells the element which
 * LOOP site to read.
 */
import { defineLoopListings } from './element.ts';

defineLoopListings(document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : null);
