/**
 * Deterministic UUIDs for nested objects (phones, schedules, service_at_locations, taxonomy terms...), so that two
 * builds of the same data publish the same ids and consumers can track records across releases.
 */
import { hash } from 'node:crypto';

/** LOOP's own UUIDv5 namespace (a random v4, fixed forever). */
export const LOOP_NAMESPACE = '3b0f6a52-8f0e-4d7e-9c51-6f2d7d1f0a4e';

function bytesOf(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/**
 * The last namespace's bytes: a record's nested ids are made one after another within it, and the publish of a
 * region makes millions (issue #19).
 */
let lastNamespace: { uuid: string; bytes: Buffer } | undefined;

/** RFC 9562 UUIDv5 of `name` within `namespace`. */
export function uuidv5(name: string, namespace: string = LOOP_NAMESPACE): string {
  if (lastNamespace?.uuid !== namespace) lastNamespace = { uuid: namespace, bytes: bytesOf(namespace) };
  const nameBytes = Buffer.from(name, 'utf8');
  const input = Buffer.allocUnsafe(16 + nameBytes.byteLength);
  lastNamespace.bytes.copy(input, 0);
  nameBytes.copy(input, 16);
  const digest = hash('sha1', input, 'buffer');
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of something nested in a parent record, e.g. `nestedId(service.id, 'phone', 0)`. */
export function nestedId(parentId: string, ...path: (string | number)[]): string {
  return uuidv5(path.join('/'), parentId);
}
