/**
 * One listing card in the browser, from /site/cards.json: name (a link), what it is, summary, phone, address,
 * times, cost and the page's address, as text nodes only. The shortlist page shows and prints these.
 */
import type { ListingCard } from '../cards.ts';

function line(className: string, ...parts: (string | Node)[]): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.append(...parts);
  return p;
}

function labelled(label: string, value: string | Node): HTMLParagraphElement {
  const strong = document.createElement('strong');
  strong.textContent = `${label}: `;
  return line('card-fact', strong, value);
}

export function cardItem(card: ListingCard, base: string, headingLevel: 'h2' | 'h3' = 'h2'): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.key = card.key;
  const heading = document.createElement(headingLevel);
  const a = document.createElement('a');
  a.href = `${base}${card.path}`;
  a.textContent = card.name;
  heading.append(a);
  li.append(heading, line('meta', card.what), line('summary', card.summary));
  if (card.phone) {
    const tel = document.createElement('a');
    tel.href = card.phone.href;
    tel.textContent = card.phone.number;
    li.append(labelled('Phone', tel));
  }
  if (card.address) li.append(labelled('Address', card.address));
  if (card.times.length) li.append(labelled('Times', card.times.join('; ')));
  if (card.cost) li.append(labelled('Cost', card.cost));
  li.append(labelled('Web', card.link));
  return li;
}
