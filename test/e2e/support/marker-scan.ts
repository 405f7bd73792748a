import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One place a marker was found: the file (relative to the scanned folder), the byte offset and the bytes around it. */
export interface MarkerHit {
  file: string;
  marker: string;
  offset: number;
  around: string;
}

/**
 * Every occurrence of each marker's bytes in every file under `dir`, at any depth, as the files are at this moment.
 * The file's raw bytes are searched, not what a database would answer: a deleted row still sitting in a free page, a
 * write-ahead log or a journal counts. A file that disappears between listing and reading (SQLite removes its -wal
 * and -shm files when the last connection closes) is passed over. `around` shows the 24 bytes either side (non-printable
 * bytes as dots) so a failure says what record the marker was found in.
 */
export function findMarkers(dir: string, markers: readonly string[], only?: (file: string) => boolean): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const file of filesUnder(dir)) {
    const name = relative(dir, file);
    if (only && !only(name)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const marker of markers) {
      const needle = Buffer.from(marker, 'utf8');
      for (let offset = bytes.indexOf(needle); offset !== -1; offset = bytes.indexOf(needle, offset + 1)) {
        const context = bytes.subarray(Math.max(0, offset - 24), offset + needle.length + 24);
        hits.push({ file: name, marker, offset, around: context.toString('latin1').replace(/[^\x20-\x7e]/g, '.') });
      }
    }
  }
  return hits;
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}
