/**
 * The search form as state: what it asks Pagefind (query, filters, sort), the "when" filter that the page applies
 * itself (open now / open on a day, from schedules), and keeping the address in step so a search can be
 * bookmarked, shared and restored on "Back".
 */
export interface FormState {
  query: string;
  filters: Record<string, unknown>;
  sort?: Record<string, string>;
  /** "now", a UK date (YYYY-MM-DD), or "" for any time. */
  when: string;
  /** How many filters are on, "when" included. */
  active: number;
}

/** Form fields that are not Pagefind filters. */
const NOT_FILTERS = new Set(['q', 'sort', 'when']);

export function readForm(form: HTMLFormElement, cityWide: string): FormState {
  const data = new FormData(form);
  const filters: Record<string, unknown> = {};
  let active = 0;
  for (const key of new Set(data.keys())) {
    if (NOT_FILTERS.has(key)) continue;
    const values = data.getAll(key).map(String).filter(Boolean);
    if (!values.length) continue;
    active += values.length;
    // An area search includes what is open to the whole city; ticked boxes mean "any of these".
    if (key === 'area') filters[key] = { any: [...new Set([...values, cityWide])] };
    else filters[key] = values.length > 1 ? { any: values } : values[0];
  }
  const when = String(data.get('when') ?? '');
  if (when) active++;
  const sortValue = String(data.get('sort') ?? '');
  const sort: Record<string, string> | undefined = sortValue === 'name' ? { name: 'asc' } : sortValue === 'reviewed' ? { reviewed: 'desc' } : undefined;
  return { query: String(data.get('q') ?? '').trim(), filters, ...(sort ? { sort } : {}), when, active };
}

export function syncUrl(form: HTMLFormElement): void {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (String(value)) params.append(key, String(value));
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

export function fillFromUrl(form: HTMLFormElement): void {
  const params = new URLSearchParams(location.search);
  for (const control of form.elements) {
    if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) {
      control.checked = params.getAll(control.name).includes(control.value);
    } else if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) {
      if (!control.name) continue;
      const value = params.get(control.name);
      if (control instanceof HTMLSelectElement && value !== null && ![...control.options].some((o) => o.value === value)) continue;
      control.value = value ?? (control instanceof HTMLSelectElement ? (control.options[0]?.value ?? '') : '');
    }
  }
}

export function clearFilters(form: HTMLFormElement): void {
  for (const control of form.elements) {
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = false;
    else if (control instanceof HTMLSelectElement) control.selectedIndex = 0;
    else if (control instanceof HTMLInputElement && control.type === 'hidden') control.value = '';
  }
}
