/** The one walker for input folders (predict, dataset import, review folders, OOD sets, bundles): regular files only, every skip typed. */
import { HilumError } from '../errors';
import { classifyEntry, type SkipReason, type WalkFs } from './classifyEntry';

export interface FolderSkip {
  /** Relative to the walked root, '/'-separated. */
  path: string;
  reason: SkipReason;
  detail: string;
}

export interface FolderWalk {
  /** Regular files (or links to them), relative to the root, '/'-separated, sorted by name within each folder. */
  files: string[];
  /** Folders found one level below `maxDepth` and not entered (empty when the walk is unbounded). */
  folders: string[];
  skipped: FolderSkip[];
}

export interface WalkOptions {
  /** 0 lists the root's own entries; 1 also the entries of its folders; default: every level. */
  maxDepth?: number;
  /** Walk entries whose name starts with "." (default false: they are reported as skipped, reason "hidden"). */
  hidden?: boolean;
  /** Stop once this many files were found (a review folder's cap). */
  maxFiles?: number;
}

/** Joins without node:path (src-core has none); every fs call accepts '/' on every platform. */
function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Counts skips by reason, for the `skipped` summaries of `--json` outputs. */
export function countSkips(skipped: readonly { reason: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}

/**
 * Walks `root` with lstat: FIFOs, sockets, devices, broken links and link loops are skipped with a typed reason and
 * never opened; links are followed only to regular files and folders, and a set of the folders' real paths ends loops.
 * A root that is missing or not a folder is an error (NOT_FOUND / NOT_REGULAR_FILE); an unreadable sub-folder is a skip.
 */
export function walkFolder(fs: WalkFs, root: string, options: WalkOptions = {}): FolderWalk {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  const rootKind = classifyEntry(fs, root);
  if (rootKind.kind === 'file') throw new HilumError('INVALID_ARGUMENT', `${root}: is a file, not a folder`, { file: root });
  if (rootKind.kind === 'skip') {
    const missing = rootKind.reason === 'unreadable' && /ENOENT|no such file/i.test(rootKind.detail);
    throw missing
      ? new HilumError('NOT_FOUND', `${root}: no such folder`, { file: root })
      : new HilumError('NOT_REGULAR_FILE', `${root}: ${rootKind.reason}${rootKind.detail ? ` (${rootKind.detail})` : ''}`, {
          file: root,
          reason: rootKind.reason,
        });
  }
  const out: FolderWalk = { files: [], folders: [], skipped: [] };
  const visited = new Set<string>([rootKind.realPath]);
  const walk = (dir: string, rel: string, depth: number): void => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch (error) {
      if (rel === '') throw new HilumError('IO_ERROR', `${root}: cannot list the folder (${(error as Error).message})`, { file: root });
      out.skipped.push({ path: rel, reason: 'unreadable', detail: (error as Error).message.split('\n')[0]! });
      return;
    }
    for (const name of names) {
      if (out.files.length >= maxFiles) return;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (!options.hidden && name.startsWith('.')) {
        out.skipped.push({ path: childRel, reason: 'hidden', detail: '' });
        continue;
      }
      const kind = classifyEntry(fs, joinPath(dir, name), visited);
      if (kind.kind === 'file') out.files.push(childRel);
      else if (kind.kind === 'skip') out.skipped.push({ path: childRel, reason: kind.reason, detail: kind.detail });
      else if (depth >= maxDepth) out.folders.push(childRel);
      else {
        visited.add(kind.realPath);
        walk(joinPath(dir, name), childRel, depth + 1);
      }
    }
  };
  walk(root, '', 0);
  return out;
}
