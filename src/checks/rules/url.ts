/** The `url` rule, checked file by file. Where its check lives: src/model/formats.ts and src/model/web-hosts.ts, used by the model's web address field. */
import { checkWebUrl } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const urlRule: FileRule = {
  id: 'url',
  stage: 'schema',
  description: 'Web addresses are public http or https addresses that are valid URIs (RFC 3986, as published feeds require): javascript:, data: and other schemes, localhost, loopback and private network addresses are rejected.',
  check: checkWebUrl,
};
