// Packages a chart into a .tgz that depends on content alone: the layout `helm package` makes
// (`<chart>/Chart.yaml`, `<chart>/templates/…`), entries sorted, mtime 0, uid/gid 0, mode 0644, no user
// or group names, and a gzip header without a timestamp. helm package itself stamps file mtimes in.
import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';
import { entries } from '../helm/chart-archive.ts';

const EPOCH = new Date(0);
const BLOCK = 512;

/**
 * The archive of `files` (path relative to the chart → content) under the top directory `chartName`.
 * Chart.yaml comes first (tools that peek at an archive expect it early); the rest sorted by path.
 */
export function packChart(chartName: string, files: ReadonlyMap<string, Uint8Array>): Buffer {
  const paths = [...files.keys()].sort((a, b) => (a === 'Chart.yaml' ? -1 : b === 'Chart.yaml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const blocks: Buffer[] = [];
  for (const relative of paths) {
    const content = files.get(relative)!;
    const entryPath = `${chartName}/${relative}`;
    const header = new Header({ path: entryPath, mode: 0o644, uid: 0, gid: 0, size: content.length, mtime: EPOCH, type: 'File', uname: '', gname: '' });
    const block = Buffer.alloc(BLOCK);
    // Paths too long for a ustar header get a pax record, as helm's own archives do.
    if (header.encode(block)) blocks.push(new Pax({ path: entryPath }).encode());
    blocks.push(block, Buffer.from(content), Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  const gzip = gzipSync(Buffer.concat(blocks), { level: 9 });
  // The gzip header's OS byte says which platform zlib was built for; "unknown" keeps the bytes the same everywhere.
  gzip[9] = 0xff;
  return gzip;
}

/** The files of a chart archive, by path relative to the chart's top directory. */
export function unpackChart(archive: Uint8Array): Map<string, Buffer> {
  const files = entries(Buffer.from(archive), () => true);
  return new Map([...files].map(([path, content]) => [path.slice(path.indexOf('/') + 1), content]));
}
