/**
 * The Decap CMS configuration for /admin, generated from the zod model (fields.ts) and loop.config.yaml
 * (repository, branch, review policy, sign-in). Written to public/admin/config.yml by `npm run schemas`, committed,
 * and checked for drift by tests/cms/form-config.test.ts, like the JSON Schemas.
 */
import { stringify } from 'yaml';
import type { LoopConfig } from '../model/config.ts';
import { TAXONOMY_KINDS } from '../model/vocabularies.ts';
import { fieldsFor, humanise, TAXONOMY_FILES, type CmsField } from './fields.ts';
import { formatName } from './yaml-format.ts';

/** Where the committed config lives, relative to the repository root. */
export const CMS_CONFIG_PATH = 'public/admin/config.yml';

export interface CmsCollection {
  name: string;
  label: string;
  label_singular?: string;
  description?: string;
  folder?: string;
  path?: string;
  files?: { name: string; label: string; file: string; fields: CmsField[] }[];
  extension?: string;
  format: string;
  identifier_field?: string;
  slug?: string;
  summary?: string;
  create?: boolean;
  delete?: boolean;
  hide?: boolean;
  sortable_fields?: string[];
  view_groups?: { label: string; field: string }[];
  fields?: CmsField[];
}

export interface CmsConfig {
  backend: Record<string, unknown>;
  local_backend?: { url: string };
  publish_mode: 'editorial_workflow';
  site_url: string;
  display_url: string;
  locale: string;
  media_folder: string;
  slug: { encoding: 'ascii'; clean_accents: boolean; sanitize_replacement: string };
  editor: { preview: boolean };
  collections: CmsCollection[];
}

export interface CmsConfigOptions {
  /**
   * The local backend's URL (with its per-run token) for the page `npm run cms` serves, and for tests. Without it
   * (the published form) the config names no local backend and the page's policy allows no loopback address.
   */
  localBackendUrl?: string;
}

/** The port `npm run cms` runs the local backend on. */
export const LOCAL_BACKEND_PORT = 8081;

/** Where Decap would put uploads; with data/, the only folder the local backend lets the form touch. */
export const MEDIA_FOLDER = 'public/uploads';

export function githubRepo(url: string): string {
  const match = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  if (!match) throw new Error(`repository.url in loop.config.yaml must be a GitHub repository (https://github.com/<owner>/<name>), not "${url}"`);
  return `${match[1]}/${match[2]}`;
}

const LISTING_DESCRIPTIONS: Record<'service' | 'resource', string> = {
  service:
    'Services, activities, clubs and groups. Saving opens a pull request: your organisation\'s maintainers or a LOOP editor check it, and it goes live with the next build.',
  resource: 'Self-help leaflets, apps, videos, courses and websites. Saving opens a pull request for review.',
};

type ReviewPolicy = Parameters<typeof fieldsFor>[1];

/** Decap's GitHub backend: open authoring through forks, squash merges and commit messages that say what the form did. */
function githubBackend(config: LoopConfig): Record<string, unknown> {
  return {
    name: 'github',
    repo: githubRepo(config.repository.url),
    branch: config.repository.branch,
    // People without write access work through a fork: the form forks the repository for them and opens the
    // pull request from there (https://decapcms.org/docs/open-authoring/).
    open_authoring: true,
    // Open authoring on a public repository needs no more than public_repo.
    auth_scope: 'public_repo',
    squash_merges: true,
    cms_label_prefix: 'web-form/',
    commit_messages: {
      create: 'Add {{collection}} "{{slug}}" (web form)',
      update: 'Update {{collection}} "{{slug}}" (web form)',
      delete: 'Remove {{collection}} "{{slug}}" (web form)',
      uploadMedia: 'Upload "{{path}}" (web form)',
      deleteMedia: 'Delete "{{path}}" (web form)',
      openAuthoring: '{{message}} by @{{author-login}}',
    },
    ...(config.cms.auth_url ? { base_url: config.cms.auth_url.replace(/\/$/, ''), auth_endpoint: config.cms.auth_endpoint } : {}),
  };
}

function listingCollection(kind: 'service' | 'resource', policy: ReviewPolicy): CmsCollection {
  return {
    name: `${kind}s`,
    label: `${humanise(kind)}s`,
    label_singular: humanise(kind),
    description: LISTING_DESCRIPTIONS[kind],
    folder: `data/${kind}s`,
    // Per-organisation folders (data/services/<organisation>/<name>.yaml) are what CODEOWNERS protects, so the
    // form writes each new listing into the folder of the organisation chosen in the form.
    path: '{{organisation}}/{{slug}}',
    extension: 'yaml',
    format: formatName(kind),
    identifier_field: 'name',
    slug: '{{slug}}',
    summary: '{{name}}',
    create: true,
    // Closing a service is a change of status or an end date, reviewed like any other edit; files are not deleted.
    delete: false,
    sortable_fields: ['name', 'reviewed'],
    view_groups: [{ label: 'Organisation', field: 'organisation' }],
    fields: fieldsFor(kind, policy),
  };
}

function flatCollection(kind: 'organisation' | 'location', description: string, policy: ReviewPolicy): CmsCollection {
  return {
    name: `${kind}s`,
    label: `${humanise(kind)}s`,
    label_singular: humanise(kind),
    description,
    folder: `data/${kind}s`,
    extension: 'yaml',
    format: formatName(kind),
    identifier_field: 'name',
    slug: '{{slug}}',
    summary: '{{name}}',
    create: true,
    delete: false,
    sortable_fields: ['name'],
    fields: fieldsFor(kind, policy),
  };
}

function vocabulariesCollection(policy: ReviewPolicy): CmsCollection {
  const fields = fieldsFor('taxonomy', policy);
  return {
    name: 'taxonomies',
    label: 'Vocabularies',
    description: 'Categories, needs, circumstances, conditions, audiences, areas and languages. LOOP editors look after these by pull request.',
    // Hidden: the vocabularies are mapped to national standards (LGA/esd, SNOMED CT) by editors. They are here
    // so the form can offer their terms in pickers.
    hide: true,
    format: formatName('taxonomy'),
    create: false,
    delete: false,
    files: TAXONOMY_KINDS.map((kind) => ({
      name: TAXONOMY_FILES[kind],
      label: humanise(TAXONOMY_FILES[kind]),
      file: `data/taxonomies/${TAXONOMY_FILES[kind]}.yaml`,
      fields,
    })),
  };
}

export function cmsConfig(config: LoopConfig, options: CmsConfigOptions = {}): CmsConfig {
  const policy = { due_after_months: config.review.due_after_months, overdue_after_months: config.review.overdue_after_months };
  return {
    backend: githubBackend(config),
    // Only in the page `npm run cms` serves: Decap then uses it when the form is opened on 127.0.0.1/localhost.
    ...(options.localBackendUrl ? { local_backend: { url: options.localBackendUrl } } : {}),
    publish_mode: 'editorial_workflow',
    site_url: config.site.base_url,
    display_url: config.site.base_url,
    locale: 'en',
    // The model has no uploaded files (logos are web addresses); Decap insists on a media folder all the same.
    media_folder: MEDIA_FOLDER,
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    editor: { preview: true },
    collections: [
      listingCollection('service', policy),
      listingCollection('resource', policy),
      flatCollection('organisation', 'The organisations that run services and publish resources. Maintainers listed here approve changes to their listings.', policy),
      flatCollection('location', 'Venues where services happen; many services can share one.', policy),
      vocabulariesCollection(policy),
    ],
  };
}

export function cmsConfigYaml(config: LoopConfig, options: CmsConfigOptions = {}): string {
  const header = [
    '# Decap CMS configuration for /admin: GENERATED from the zod model (src/model) and loop.config.yaml by',
    '# src/cms/config.ts. Do not edit by hand; run `npm run schemas` after changing either.',
    '',
  ].join('\n');
  return `${header}${stringify(cmsConfig(config, options), { lineWidth: 0, aliasDuplicateObjects: true })}`;
}
