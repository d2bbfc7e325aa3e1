// One read of a chart archive for the two things the Helm phase asks of it before any chart is templated: the CRDs of
// its crds/ folders (chart-crds.ts) and what its templates ask of the API versions (api-version-probes.ts). On an
// empty cache both are asked of every chart at once; one read, gunzip and tar pass per archive serves both.
import { readFile } from 'node:fs/promises';
import { Parser, type ReadEntry } from 'tar';
import type { KubeObject } from '../model/kube-object.ts';
import type { KnownDocuments } from '../yaml/read-kube-yaml.ts';
import { addApiVersionProbes, PROBED_FILE, type ApiVersionProbes } from './api-version-probes.ts';
import { CRD_FILE, crdsOf, type CrdFile } from './chart-crds.ts';

const SUBCHART_ARCHIVE = /^[^/]+\/(?:charts\/[^/]+\/)*charts\/[^/]+\.tgz$/;

export interface ChartArchiveReader {
  /** The CRDs of the archive's crds/ folders (its own and its subcharts'), in the order helm reads them. */
  crds(archive: string): Promise<KubeObject[]>;
  /** The literals its templates and values ask `.Capabilities.APIVersions.Has` about (see api-version-probes.ts). */
  apiVersionProbes(archive: string): Promise<ApiVersionProbes>;
}

/** `known` keeps the CRDs read, for the same documents in the chart's `helm template --include-crds` output. */
export function chartArchiveReader(known?: KnownDocuments): ChartArchiveReader {
  // An archive's contents are kept until each question was asked once (the render cache asks each once per archive).
  const reads = new Map<string, { crdFiles?: Promise<CrdFile[]>; probes?: Promise<ApiVersionProbes> }>();
  const take = <K extends 'crdFiles' | 'probes'>(archive: string, question: K) => {
    let read = reads.get(archive);
    if (!read?.[question]) {
      const contents = readChartArchive(archive);
      read = { crdFiles: contents.then((c) => c.crdFiles), probes: contents.then((c) => c.probes) };
      reads.set(archive, read);
    }
    const answer = read[question]!;
    delete read[question];
    if (!read.crdFiles && !read.probes) reads.delete(archive);
    // The other question's answer fails alike, and is asked for (and told) by its own caller.
    answer.catch(() => undefined);
    return answer as NonNullable<(typeof read)[K]>;
  };
  return {
    crds: async (archive) => crdsOf(await take(archive, 'crdFiles'), known),
    apiVersionProbes: (archive) => take(archive, 'probes'),
  };
}

interface ChartArchiveContents {
  readonly crdFiles: CrdFile[];
  readonly probes: ApiVersionProbes;
}

async function readChartArchive(archive: string): Promise<ChartArchiveContents> {
  const contents = { crdFiles: [] as CrdFile[], probes: new Set<string>() as Set<string> | undefined };
  await collect(await readFile(archive), archive, contents);
  return { crdFiles: contents.crdFiles, probes: contents.probes && [...contents.probes].sort() };
}

async function collect(archive: Buffer, name: string, into: { crdFiles: CrdFile[]; probes: Set<string> | undefined }): Promise<void> {
  const files = await entries(archive, (path) => CRD_FILE.test(path) || PROBED_FILE.test(path) || SUBCHART_ARCHIVE.test(path));
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (SUBCHART_ARCHIVE.test(path)) await collect(content, `${name}:${path}`, into);
    else if (CRD_FILE.test(path)) into.crdFiles.push({ name: `${name}: ${path}`, content });
    else if (into.probes && !addApiVersionProbes(content.toString('utf8'), into.probes)) into.probes = undefined;
  }
}

/** The files of a (gzipped) tar whose paths `wanted` accepts, read into memory. */
export function entries(archive: Buffer, wanted: (path: string) => boolean): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    const parser = new Parser({
      filter: (path) => wanted(path),
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File') {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.set(entry.path, Buffer.concat(chunks)));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(files));
    parser.end(archive);
  });
}
