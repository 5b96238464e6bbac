/** One search result as DOM text nodes (never innerHTML): name, status, what it is, summary, phone, and Save. */
import type { PagefindResultData } from './pagefind.ts';
import { saveButtonFor } from '../save-button.ts';

export function renderResult(data: PagefindResultData): HTMLLIElement {
  const li = document.createElement('li');
  const h3 = document.createElement('h3');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  h3.append(a);
  if (data.meta.status) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = data.meta.status;
    h3.append(' ', badge);
  }
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = [data.meta.label, data.meta.organisation && `from ${data.meta.organisation}`].filter(Boolean).join(' ');
  const summary = document.createElement('p');
  summary.textContent = data.meta.summary ?? '';
  li.append(h3, meta, summary);
  if (data.meta.phone && data.meta.tel) {
    const phone = document.createElement('p');
    phone.className = 'card-phone';
    const tel = document.createElement('a');
    tel.href = data.meta.tel;
    tel.textContent = data.meta.phone;
    phone.append('Phone: ', tel);
    li.append(phone);
  }
  if (data.meta.key) li.append(saveButtonFor(data.meta.key, data.meta.title ?? ''));
  return li;
}
