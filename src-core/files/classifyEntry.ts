/** What one path is, decided from lstat/stat alone (never by opening it): a regular file, a folder, or a typed reason to skip it. */

/** Why an entry is not read. Opening a FIFO blocks until a writer appears, so special files are refused before any open. */
export type SkipReason = 'fifo' | 'socket' | 'device' | 'symlink-loop' | 'broken-symlink' | 'unreadable' | 'hidden';

/** The subset of node's fs.Stats the walk needs. */
export interface EntryStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isBlockDevice(): boolean;
  isCharacterDevice(): boolean;
}

/**
 * The slice of `node:fs` the walk uses; pass `node:fs` itself. src-core does no I/O of its own (lint), so the file
 * system is handed in, which is what lets src-main and src-worker share one walker.
 */
export interface WalkFs {
  lstatSync(p: string): EntryStats;
  statSync(p: string): EntryStats;
  realpathSync(p: string): string;
  readdirSync(p: string): string[];
}

export type EntryKind = { kind: 'file' } | { kind: 'folder'; realPath: string } | { kind: 'skip'; reason: SkipReason; detail: string };

const reasonWords: Record<SkipReason, string> = {
  fifo: 'a FIFO (named pipe)',
  socket: 'a socket',
  device: 'a device file',
  'symlink-loop': 'a symbolic link that loops',
  'broken-symlink': 'a symbolic link whose target does not exist',
  unreadable: 'unreadable',
  hidden: 'hidden (its name starts with ".")',
};

/** "<path>: a FIFO (named pipe); not read": the message every caller shows for a skip (without a path when none is given). */
export function describeSkip(path: string | null, reason: SkipReason, detail?: string): string {
  return `${path === null ? '' : `${path}: `}${reasonWords[reason]}${detail ? ` (${detail})` : ''}; not read`;
}

function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function bySpecialType(st: EntryStats): EntryKind | null {
  if (st.isFIFO()) return { kind: 'skip', reason: 'fifo', detail: '' };
  if (st.isSocket()) return { kind: 'skip', reason: 'socket', detail: '' };
  if (st.isBlockDevice() || st.isCharacterDevice()) return { kind: 'skip', reason: 'device', detail: '' };
  return null;
}

/**
 * Classifies `full`. A symbolic link is followed only to a regular file or a folder; a link to a folder whose real path
 * is in `visited` (already walked, an ancestor included) is a loop, so a walk that records every folder it enters ends.
 */
export function classifyEntry(fs: WalkFs, full: string, visited: ReadonlySet<string> = new Set()): EntryKind {
  let st: EntryStats;
  try {
    st = fs.lstatSync(full);
  } catch (error) {
    return { kind: 'skip', reason: 'unreadable', detail: messageOf(error) };
  }
  const isLink = st.isSymbolicLink();
  if (isLink) {
    try {
      st = fs.statSync(full);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ELOOP') return { kind: 'skip', reason: 'symlink-loop', detail: 'the link resolves to itself' };
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'skip', reason: 'broken-symlink', detail: '' };
      return { kind: 'skip', reason: 'unreadable', detail: messageOf(error) };
    }
  }
  const special = bySpecialType(st);
  if (special) return special;
  if (st.isFile()) return { kind: 'file' };
  if (!st.isDirectory()) return { kind: 'skip', reason: 'unreadable', detail: 'not a regular file or folder' };
  let realPath: string;
  try {
    realPath = fs.realpathSync(full);
  } catch (error) {
    return { kind: 'skip', reason: 'unreadable', detail: messageOf(error) };
  }
  // Only a link can lead back into the walk; a real folder is entered once by construction.
  if (isLink && visited.has(realPath)) return { kind: 'skip', reason: 'symlink-loop', detail: `leads back to ${realPath}, already walked` };
  return { kind: 'folder', realPath };
}
