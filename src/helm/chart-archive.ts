// One read of a chart archive for the two things the Helm phase asks of it before any chart is templated: the CRDs of
// its crds/ folders (chart-crds.ts) and what its templates ask of the API versions (api-version-probes.ts). On an
// empty cache both are asked of every chart at once; one read, gunzip and tar pass per archive serves both.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
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
  collect(await readFile(archive), archive, contents);
  return { crdFiles: contents.crdFiles, probes: contents.probes && [...contents.probes].sort() };
}

function collect(archive: Buffer, name: string, into: { crdFiles: CrdFile[]; probes: Set<string> | undefined }): void {
  const files = entries(archive, (path) => CRD_FILE.test(path) || PROBED_FILE.test(path) || SUBCHART_ARCHIVE.test(path));
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (SUBCHART_ARCHIVE.test(path)) collect(content, `${name}:${path}`, into);
    else if (CRD_FILE.test(path)) into.crdFiles.push({ name: `${name}: ${path}`, content });
    else if (into.probes && !addApiVersionProbes(content.toString('utf8'), into.probes)) into.probes = undefined;
  }
}

/**
 * The regular files of a (gzipped) tar whose paths `wanted` accepts, read into memory: ustar headers, with pax and GNU
 * long names, as helm writes its archives (Go's archive/tar). One synchronous pass over the unzipped bytes: node-tar's
 * streaming parser cost a cold render ~0.1 s (and as much again in V8's optimizing compiler) before helm could start.
 */
export function entries(archive: Buffer, wanted: (path: string) => boolean): Map<string, Buffer> {
  const tar = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const files = new Map<string, Buffer>();
  let pax: Map<string, string> | undefined;
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= tar.length;) {
    const header = tar.subarray(offset, offset + BLOCK);
    // Two zero blocks end the archive; one is enough to stop at.
    if (header.every((byte) => byte === 0)) break;
    if (checksum(header) !== octal(header, 148, 8)) throw new Error(`not a tar archive: bad header checksum at byte ${offset}`);
    const type = String.fromCharCode(header[156]!);
    const size = Number(pax?.get('size') ?? sizeOf(header));
    const body = offset + BLOCK;
    if (body + size > tar.length) throw new Error(`truncated tar archive: ${size} bytes at byte ${body}`);
    offset = body + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      pax = paxRecords(tar.subarray(body, body + size));
      continue;
    }
    if (type === 'L') {
      longName = cString(tar, body, size);
      continue;
    }
    if (type === 'g') continue;
    const prefix = cString(header, 345, 155);
    const path = pax?.get('path') ?? longName ?? (prefix && header[257 + 5] === 0 ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
    pax = undefined;
    longName = undefined;
    // Regular files ('0', NUL from old tars, '7' contiguous); directories, links and the rest are skipped.
    if ((type === '0' || type === '\0' || type === '7') && wanted(path)) files.set(path, Buffer.from(tar.subarray(body, body + size)));
  }
  return files;
}

const BLOCK = 512;

/** A NUL-terminated field as UTF-8. */
function cString(bytes: Buffer, start: number, length: number): string {
  const end = bytes.indexOf(0, start);
  return bytes.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function octal(header: Buffer, start: number, length: number): number {
  const text = cString(header, start, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The size field: octal, or base-256 (high bit set) for sizes beyond 8 GiB. */
function sizeOf(header: Buffer): number {
  if ((header[124]! & 0x80) === 0) return octal(header, 124, 12);
  let size = header[124]! & 0x7f;
  for (let i = 125; i < 136; i++) size = size * 256 + header[i]!;
  return size;
}

/** The header's checksum: its bytes summed, the checksum field counted as spaces. */
function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum;
}

/** pax extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(data.toString('latin1', at, space), 10);
    if (space === -1 || !(length > 0)) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}
