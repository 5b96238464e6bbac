/**
 * Building the widget's DOM on a stranger's page. Listing text only ever becomes Text nodes (Element.append with
 * strings) or attribute values; nothing here parses HTML, and tests/widget/security.test.ts fails the build if
 * innerHTML, outerHTML, insertAdjacentHTML or document.write appear anywhere in the widget's source or bundle.
 * Links take only http(s) addresses (safeHttpUrl) or `tel:` digits (telHref).
 */

export type Child = Node | string | null | undefined | false;
export type Props = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/**
 * A link, or plain text when `href` is empty (callers pass only checked addresses: safeHttpUrl or telHref, which
 * return '' for anything else). `target` is one of the allowed link targets; new windows get rel=noopener.
 */
export function link(href: string, props: Props, target: string, ...children: Child[]): HTMLElement {
  if (!href) return h('span', { class: props['class'] ?? null }, ...children);
  const tel = href.startsWith('tel:');
  return h('a', { ...props, href, target: tel ? null : target || null, rel: target === '_blank' && !tel ? 'noopener' : null }, ...children);
}

/** A heading at a level clamped to 1–6. */
export function heading(level: number, props: Props, ...children: Child[]): HTMLHeadingElement {
  const n = Math.min(6, Math.max(1, Math.round(level)));
  return h(`h${n}` as 'h2', props, ...children);
}
