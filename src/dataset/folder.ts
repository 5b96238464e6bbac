/**
 * Listing a folder without ever leaving it. `readdirSync(…, { recursive: true })` follows symbolic links to
 * folders, so a link in data/ could publish files from anywhere on the disk, and a link to a parent folder made
 * validation walk the whole disk. This walk reads each folder with `lstat` semantics (Dirent types describe the
 * link itself), never descends through a link, and hands every link back so the caller reports it.
 *
 * Every link is refused, even one that points inside the folder: git-tracked data never needs one, a link inside
 * today can be re-pointed outside tomorrow, and "inside" is a property of the disk the check runs on, not of the
 * repository.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export interface FolderContents {
  /** Regular files, relative to the folder, with forward slashes, sorted. */
  files: string[];
  /** Symbolic links (to files or folders, dangling or not), relative, sorted; never followed. */
  links: string[];
  /** Sockets, FIFOs and devices: never opened (reading a FIFO would block forever). */
  special: string[];
}

export interface WalkOptions {
  /** Skip (do not list, do not descend into) entries whose name starts with a dot. Links are still reported. */
  skipHidden?: boolean;
}

export function walkFolder(root: string, options: WalkOptions = {}): FolderContents {
  const out: FolderContents = { files: [], links: [], special: [] };
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      // A folder that vanished or cannot be read is not listed; the caller decides whether the root must exist.
      continue;
    }
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) out.links.push(path);
      else if (options.skipHidden && entry.name.startsWith('.')) continue;
      else if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) out.files.push(path);
      else out.special.push(path);
    }
  }
  out.files.sort();
  out.links.sort();
  out.special.sort();
  return out;
}
