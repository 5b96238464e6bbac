/**
 * The browser side of LOOP's web form (/admin), bundled by src/cms/assets.ts into /admin/loop-cms.js and loaded
 * before Decap CMS. It teaches Decap LOOP's file format (src/cms/yaml-format.ts), adds the "still accurate" control
 * and a preview pane that runs the validator's own checks, then starts the CMS with the generated config.yml.
 */
import type { ReviewPolicy } from '../model/config.ts';
import { todayInUK } from '../model/clock.ts';
import { checkListingText } from './checks.ts';
import { reviewStatus } from './review.ts';
import { formatName, FORM_KINDS, parseListing, toForm, writeListing, type Data, type FormKind } from './yaml-format.ts';

/** The little of Decap's global API (https://decapcms.org/docs/customization/) this file uses. */
interface ImmutableLike {
  get(key: string, fallback?: unknown): unknown;
  toJS(): unknown;
}
type Element = unknown;
type CreateElement = (type: string | object, props?: Record<string, unknown> | null, ...children: unknown[]) => Element;
interface ControlProps {
  value?: string;
  field: ImmutableLike;
  forID: string;
  classNameWrapper: string;
  onChange: (value: string) => void;
  setActiveStyle: () => void;
  setInactiveStyle: () => void;
}
interface PreviewProps {
  entry: ImmutableLike;
}
interface DecapCms {
  registerCustomFormat(name: string, extension: string, formatter: { fromFile(text: string): Data; toFile(data: Data): string }): void;
  registerWidget(name: string, control: object, preview?: object): void;
  registerPreviewTemplate(collection: string, component: object): void;
  init(options?: object): void;
}
interface DecapWindow {
  CMS_MANUAL_INIT?: boolean;
  CMS?: DecapCms;
  h?: CreateElement;
  createClass?: (spec: Record<string, unknown>) => object;
}

const win = window as unknown as DecapWindow;
// Decap starts itself as soon as its script runs unless told not to; this script runs first (see index.html).
win.CMS_MANUAL_INIT = true;

/**
 * The file each entry was read from, by listing id, so saving rewrites only the fields that changed (yaml-format.ts).
 * Ids are UUIDs, unique across the dataset; a new entry has a fresh one, so it is always written whole.
 */
const originals = new Map<string, string>();

function registerFormats(cms: DecapCms): void {
  for (const kind of FORM_KINDS) {
    cms.registerCustomFormat(formatName(kind), 'yaml', {
      fromFile(text) {
        const data = toForm(kind, parseListing(text));
        if (typeof data.id === 'string') originals.set(data.id, text);
        return data;
      },
      toFile(data) {
        return writeListing(kind, data, typeof data.id === 'string' ? originals.get(data.id) : undefined);
      },
    });
  }
}

function policyOf(field: ImmutableLike): ReviewPolicy {
  return { due_after_months: Number(field.get('due_after_months', 6)), overdue_after_months: Number(field.get('overdue_after_months', 12)) };
}

const STATUS_COLOURS: Record<string, string> = { overdue: '#8a1c1c', due: '#6b4a00', future: '#8a1c1c', missing: '#6b4a00' };

/** "Last checked": a date, a one-click "Still accurate" button, and when the next check is due. */
function reviewControl(h: CreateElement, createClass: NonNullable<DecapWindow['createClass']>): object {
  return createClass({
    componentDidMount(this: { props: ControlProps }) {
      // A new listing starts as checked today (config.yml gives `default: '{{now}}'`, Decap's token for "now").
      if (this.props.value === '{{now}}') this.props.onChange(todayInUK());
    },
    isValid(this: { props: ControlProps }) {
      const { value } = this.props;
      if (value && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value > todayInUK())) {
        return { error: { message: 'Last checked must be a date, no later than today.' } };
      }
      return true;
    },
    render(this: { props: ControlProps }) {
      const { value, field, forID, classNameWrapper, onChange, setActiveStyle, setInactiveStyle } = this.props;
      const today = todayInUK();
      const status = reviewStatus(value, today, policyOf(field));
      const statusId = `${forID}-status`;
      return h(
        'div',
        { className: classNameWrapper, style: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '12px' } },
        h('input', {
          type: 'date',
          id: forID,
          value: value === '{{now}}' ? '' : (value ?? ''),
          max: today,
          'aria-describedby': statusId,
          onChange: (event: { target: { value: string } }) => onChange(event.target.value),
          onFocus: setActiveStyle,
          onBlur: setInactiveStyle,
          style: { font: 'inherit', padding: '4px' },
        }),
        h(
          'button',
          {
            type: 'button',
            'data-loop-still-accurate': '',
            onClick: () => onChange(today),
            style: { font: 'inherit', fontWeight: 600, padding: '8px 14px', borderRadius: '5px', border: '2px solid #1c5e3b', background: '#1c5e3b', color: '#ffffff', cursor: 'pointer' },
          },
          'Still accurate: mark as checked today',
        ),
        h('p', { id: statusId, role: 'status', style: { flexBasis: '100%', margin: 0, color: STATUS_COLOURS[status.state] ?? '#1f2933' } }, status.message),
      );
    },
  });
}

/** The preview pane: the validator's findings for what is about to be saved, and the file itself. */
function checksPreview(kind: FormKind, h: CreateElement, createClass: NonNullable<DecapWindow['createClass']>): object {
  return createClass({
    render(this: { props: PreviewProps }) {
      const data = ((this.props.entry.get('data') as ImmutableLike | undefined)?.toJS() ?? {}) as Data;
      const id = typeof data.id === 'string' ? data.id : undefined;
      const text = writeListing(kind, data, id ? originals.get(id) : undefined);
      const problems = checkListingText(kind, text);
      return h(
        'div',
        { style: { fontFamily: 'system-ui, sans-serif', color: '#1f2933', padding: '8px 16px', lineHeight: 1.5 } },
        h('h2', { style: { fontSize: '1.25rem' } }, 'LOOP checks'),
        problems.length
          ? h(
              'ul',
              { 'data-loop-problems': String(problems.length) },
              ...problems.map((p) => h('li', { key: `${p.line}:${p.column}:${p.message}`, style: { color: '#8a1c1c' } }, p.message, p.hint ? ` (${p.hint})` : '')),
            )
          : h('p', { 'data-loop-problems': '0' }, 'No problems found. When you save, LOOP also checks that the organisation, venues and categories you chose exist, then someone from your organisation or a LOOP editor reviews the change.'),
        h('h2', { style: { fontSize: '1.25rem' } }, 'The file that will be saved'),
        h('pre', { style: { whiteSpace: 'pre-wrap', background: '#f4f5f7', padding: '12px', fontSize: '0.85rem' } }, text),
      );
    },
  });
}

const COLLECTIONS: Record<string, FormKind> = { services: 'service', resources: 'resource', organisations: 'organisation', locations: 'location' };

function start(cms: DecapCms, h: CreateElement, createClass: NonNullable<DecapWindow['createClass']>): void {
  registerFormats(cms);
  cms.registerWidget('loop-review', reviewControl(h, createClass), createClass({ render(this: { props: { value?: string } }) { return h('p', null, this.props.value ?? ''); } }));
  for (const [collection, kind] of Object.entries(COLLECTIONS)) cms.registerPreviewTemplate(collection, checksPreview(kind, h, createClass));
  document.getElementById('loop-cms-loading')?.remove();
  cms.init();
  nameThePreview();
}

/** Decap's preview frame has no accessible name (axe: frame-title); it holds LOOP's checks, so give it one. */
function nameThePreview(): void {
  const name = (): void => {
    for (const frame of document.querySelectorAll('iframe#preview-pane:not([title])')) frame.setAttribute('title', 'LOOP checks and the file that will be saved');
  };
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
}

let started = false;
function startWhenReady(): boolean {
  const { CMS: cms, h, createClass } = win;
  if (started || !cms || !h || !createClass) return started;
  started = true;
  start(cms, h, createClass);
  return true;
}

// This script and Decap's are both deferred, and this one runs first: Decap has defined window.CMS (without
// starting itself) by DOMContentLoaded. If it never does (a blocked or broken download), say so on the page.
document.addEventListener('DOMContentLoaded', startWhenReady, { once: true });
window.addEventListener(
  'load',
  () => {
    if (!startWhenReady()) document.getElementById('loop-cms-failed')?.removeAttribute('hidden');
  },
  { once: true },
);
