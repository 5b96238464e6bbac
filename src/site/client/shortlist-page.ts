/**
 * The shortlist page: the listings saved in this browser, or a list shared by its address (?ids=...), rendered from
 * /site/cards.json, with a share link, "email" and "text" links carrying the list, Print (a handout: site.css's
 * print rules), and Remove. A shared list is shown as it came and can be added to this browser's own list.
 */
import type { ListingCard } from '../cards.ts';
import { emailHref, keysFromUrl, shareUrl, textHref } from '../share.ts';
import { loadCards } from './cards.ts';
import { cardItem } from './card-view.ts';
import { onShortlistChange, savedKeys, saveKeys } from './shortlist-store.ts';

const root = document.querySelector<HTMLElement>('#shortlist');
if (root) enhance(root);

function enhance(root: HTMLElement): void {
  const el = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const list = el<HTMLOListElement>('#shortlist-items');
  const status = el<HTMLElement>('#shortlist-status');
  const actions = el<HTMLElement>('#shortlist-actions');
  const shared = el<HTMLElement>('#shortlist-shared');
  const linkField = el<HTMLInputElement>('#share-link');
  const base = root.dataset.base ?? '';
  const siteName = root.dataset.siteName ?? '';
  for (const node of document.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of document.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;

  const sharedKeys = keysFromUrl(location.search);
  const keys = () => sharedKeys ?? savedKeys();

  async function render(): Promise<void> {
    let cards: Map<string, ListingCard>;
    try {
      cards = await loadCards(root.dataset.cards!);
    } catch {
      status.textContent = 'Sorry, the listings could not be loaded. Please try again.';
      return;
    }
    const wanted = keys();
    const found = wanted.map((k) => cards.get(k)).filter((c): c is ListingCard => c !== undefined);
    const missing = wanted.length - found.length;
    list.replaceChildren(...found.map((card) => withRemove(cardItem(card, base), card)));
    actions.hidden = found.length === 0;
    shared.hidden = sharedKeys === null || found.length === 0;
    const url = shareUrl(location.href, found.map((c) => c.key));
    linkField.value = url;
    el<HTMLAnchorElement>('#share-email').href = emailHref(siteName, found, url);
    el<HTMLAnchorElement>('#share-text').href = textHref(siteName, found, url);
    const count = found.length === 1 ? '1 listing' : `${found.length} listings`;
    status.textContent = [
      found.length ? `${count} on ${sharedKeys ? 'this shared list' : 'your shortlist'}.` : sharedKeys ? 'This shared list is empty.' : 'Your shortlist is empty. Use “Save to shortlist” on any listing or search result to add it here.',
      missing ? `${missing === 1 ? 'One listing' : `${missing} listings`} on the list ${missing === 1 ? 'is' : 'are'} no longer in the directory.` : '',
    ].filter(Boolean).join(' ');
  }

  function withRemove(item: HTMLLIElement, card: ListingCard): HTMLLIElement {
    if (sharedKeys) return item;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary no-print';
    button.textContent = 'Remove';
    const name = document.createElement('span');
    name.className = 'visually-hidden';
    name.textContent = ` ${card.name}`;
    button.append(name);
    button.addEventListener('click', () => {
      const next = item.nextElementSibling?.querySelector('a') ?? item.previousElementSibling?.querySelector('a');
      saveKeys(savedKeys().filter((k) => k !== card.key));
      void render().then(() => (next instanceof HTMLElement ? next.focus() : el<HTMLElement>('#shortlist-heading').focus()));
    });
    item.append(button);
    return item;
  }

  el<HTMLButtonElement>('#print').addEventListener('click', () => window.print());
  el<HTMLButtonElement>('#copy-link').addEventListener('click', () => {
    linkField.select();
    navigator.clipboard?.writeText(linkField.value).then(
      () => (status.textContent = 'Link copied.'),
      () => (status.textContent = 'Select the link and copy it.'),
    );
  });
  el<HTMLButtonElement>('#keep-shared').addEventListener('click', () => {
    saveKeys([...savedKeys(), ...keys()]);
    status.textContent = 'Added to your shortlist in this browser.';
  });
  if (!sharedKeys) onShortlistChange(() => void render());
  void render();
}
