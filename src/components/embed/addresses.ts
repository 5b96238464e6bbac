/**
 * Addresses for the /embed/ pages: the site's base URL from loop.config.yaml, or LOOP_BASE_URL when a preview or
 * test builds elsewhere, exactly as astro.config.mjs decides the site and base (and as the feeds do), so links,
 * snippets and the published files agree.
 */
import { siteAddress } from '../../build/context.ts';
import type { LoopConfig } from '../../model/config.ts';

export interface EmbedAddresses {
  /** The site's address with a trailing slash: "https://loop-leeds.github.io/loop/". */
  root: string;
  /** A site path ("/embed/") as a link inside the site: "/loop/embed/". */
  link(path: string): string;
  /** A site path as an absolute address, for snippets other sites paste. */
  absolute(path: string): string;
}

export function embedAddresses(config: LoopConfig, env: NodeJS.ProcessEnv = process.env): EmbedAddresses {
  const root = new URL(siteAddress(config.site.base_url, env)).href.replace(/\/?$/, '/');
  const prefix = new URL(root).pathname.replace(/\/$/, '');
  return {
    root,
    link: (path) => `${prefix}${path}`,
    absolute: (path) => new URL(path.replace(/^\//, ''), root).href,
  };
}
