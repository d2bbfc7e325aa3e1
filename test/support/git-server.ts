// A real git smart-HTTP server for tests: node:http in front of `git http-backend`
// run as CGI, guarded by HTTP Basic auth with a per-server token. Tests of
// `homelab publish` clone/commit/push against it with the real git CLI, so the
// auth prompts, error messages and protocol quirks they see are git's own.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hostEnv } from './env.ts';

const execFileAsync = promisify(execFile);

export interface GitServerOptions {
  /** Password clients must send; random per server when omitted. */
  token?: string;
  /** Username clients are told to use. The server accepts any username. */
  username?: string;
  /** Forward `git http-backend` stderr to this process's stderr (debugging aid). */
  debug?: boolean;
}

export interface GitServerRequest {
  method: string;
  /** URL path only: the query string is dropped so nothing secret-shaped is kept. */
  path: string;
  /** 0 until the response head is written. */
  status: number;
  authorized: boolean;
  /** Any Authorization header was sent, right or wrong (its value is never kept). */
  credentials: boolean;
}

/** A reason string declines every push; a function decides per repository (undefined = accept). */
export type RejectPushesRule = string | ((repoName: string) => string | undefined);

export interface GitServer {
  /** Clone URL of a repository created with createBareRepo (no credentials in it). */
  url(repoName: string): string;
  baseUrl: string;
  token: string;
  username: string;
  /** Temp directory holding everything; bare repos live under `${root}/repos`. */
  root: string;
  /** `git init --bare` under the server; resolves to the repository's path on disk. */
  createBareRepo(name: string, options?: { initialBranch?: string }): Promise<string>;
  /** Live log of every HTTP request, in arrival order. Never contains credentials. */
  requests: GitServerRequest[];
  /** Make pushes fail in the pre-receive hook with `reason`; call with no argument to accept again. */
  setRejectPushes(rule?: RejectPushesRule): void;
  close(): Promise<void>;
}

const REJECT_ENV = 'HOMELAB_TEST_REJECT_PUSH';
const REPO_NAME = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

// Installed once and shared by every repo (via core.hooksPath). The server
// decides per request whether to decline by setting REJECT_ENV on the
// http-backend process, which receive-pack and its hooks inherit; this avoids
// racing file writes between concurrent pushes and lets rules vary per repo.
const PRE_RECEIVE_HOOK = `#!/bin/sh
cat >/dev/null
if [ -n "$${REJECT_ENV}" ]; then
  printf '%s\\n' "$${REJECT_ENV}" >&2
  exit 1
fi
exit 0
`;

export async function startGitServer(options: GitServerOptions = {}): Promise<GitServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const username = options.username ?? 'git';
  const root = await mkdtemp(join(tmpdir(), 'homelab-git-server-'));
  const projectRoot = join(root, 'repos');
  const hooksDir = join(root, 'hooks');
  await mkdir(projectRoot);
  await mkdir(hooksDir);
  await writeFile(join(hooksDir, 'pre-receive'), PRE_RECEIVE_HOOK, { mode: 0o755 });

  // Server-side git must not see the developer's config (or GIT_DIR etc. when
  // tests run from inside a git hook), so build the env from scratch.
  const gitEnv: NodeJS.ProcessEnv = {
    PATH: hostEnv().PATH ?? '/usr/bin:/bin',
    HOME: root,
    XDG_CONFIG_HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
  };

  const requests: GitServerRequest[] = [];
  const children = new Set<ChildProcess>();
  let rejectRule: RejectPushesRule | undefined;

  // Hash both sides so timingSafeEqual gets equal lengths whatever was sent.
  const tokenDigest = createHash('sha256').update(token).digest();
  function isAuthorized(header: string | undefined): boolean {
    const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const given = createHash('sha256').update(decoded.slice(colon + 1)).digest();
    return timingSafeEqual(given, tokenDigest);
  }

  function rejectReasonFor(method: string, pathInfo: string): string | undefined {
    const suffix = '/git-receive-pack';
    if (rejectRule === undefined || method !== 'POST' || !pathInfo.endsWith(suffix)) return undefined;
    if (typeof rejectRule === 'string') return rejectRule;
    return rejectRule(pathInfo.slice(1, -suffix.length));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const authorized = isAuthorized(req.headers.authorization);
    // Pushed on arrival and completed at writeHead: the client cannot finish
    // before the head is sent, so tests see the final status once git exits.
    const record: GitServerRequest = { method, path: url.pathname, status: 0, authorized, credentials: req.headers.authorization !== undefined };
    requests.push(record);
    const sendHead = (status: number, headers: Record<string, string | string[]>): void => {
      record.status = status;
      res.writeHead(status, headers);
    };

    if (!authorized) {
      // Drain any body so the keep-alive connection stays usable for git's retry.
      req.resume();
      sendHead(401, { 'WWW-Authenticate': 'Basic realm="homelab-test"', 'Content-Type': 'text/plain' });
      res.end('Authentication required\n');
      return;
    }

    let pathInfo: string;
    try {
      pathInfo = decodeURIComponent(url.pathname);
    } catch {
      req.resume();
      sendHead(400, { 'Content-Type': 'text/plain' });
      res.end('Bad path\n');
      return;
    }

    // CGI contract (see `man git-http-backend`). The Authorization header is
    // deliberately not forwarded: the backend has no use for it.
    const env: NodeJS.ProcessEnv = {
      ...gitEnv,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: pathInfo,
      REQUEST_METHOD: method,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      // Setting REMOTE_USER is what makes http-backend enable receive-pack.
      REMOTE_USER: username,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    };
    // Without CONTENT_LENGTH http-backend reads to EOF, which is what a
    // chunked body (git uses those for large pushes) needs.
    if (req.headers['content-length'] !== undefined) env.CONTENT_LENGTH = req.headers['content-length'];
    // Protocol v2 is negotiated through this header; without it clients fall back to v0.
    const gitProtocol = req.headers['git-protocol'];
    if (typeof gitProtocol === 'string') env.GIT_PROTOCOL = gitProtocol;
    // git gzips larger request bodies; http-backend inflates them itself.
    const contentEncoding = req.headers['content-encoding'];
    if (contentEncoding !== undefined) env.HTTP_CONTENT_ENCODING = contentEncoding;
    const rejectReason = rejectReasonFor(method, pathInfo);
    if (rejectReason !== undefined) env[REJECT_ENV] = rejectReason;

    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', options.debug ? 'inherit' : 'ignore'],
    });
    children.add(child);
    child.on('close', () => children.delete(child));

    // The backend may answer (e.g. 404) without reading the body; EPIPE is expected then.
    child.stdin!.on('error', () => {});
    req.pipe(child.stdin!);

    // If the client goes away mid-response, don't leave the backend running.
    res.on('close', () => {
      if (!res.writableFinished) child.kill('SIGKILL');
    });

    child.on('error', () => {
      if (!res.headersSent) sendHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });

    let head: Buffer | undefined = Buffer.alloc(0);
    const stdout = child.stdout!;
    stdout.on('data', (chunk: Buffer) => {
      if (head === undefined) {
        writeBody(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (split === undefined) return;
      const { status, headers } = parseCgiHeaders(head.subarray(0, split.start).toString('latin1'));
      const rest = head.subarray(split.end);
      head = undefined;
      sendHead(status, headers);
      if (rest.length > 0) writeBody(rest);
    });
    stdout.on('end', () => {
      // Headers never completed: the backend died before answering.
      if (head !== undefined && !res.headersSent) sendHead(502, { 'Content-Type': 'text/plain' });
      res.end();
    });

    function writeBody(chunk: Buffer): void {
      if (!res.write(chunk)) {
        stdout.pause();
        res.once('drain', () => stdout.resume());
      }
    }
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;

  return {
    url: (repoName) => `${baseUrl}/${repoName}`,
    baseUrl,
    token,
    username,
    root,
    requests,
    async createBareRepo(name, { initialBranch = 'main' } = {}) {
      if (!REPO_NAME.test(name) || name.split('/').some((part) => part === '.' || part === '..')) {
        throw new Error(`invalid repository name: ${JSON.stringify(name)}`);
      }
      const path = join(projectRoot, name);
      const git = (args: string[]) => execFileAsync('git', args, { env: gitEnv });
      await git(['init', '--quiet', '--bare', `--initial-branch=${initialBranch}`, path]);
      // REMOTE_USER already enables receive-pack; this keeps pushes working
      // even if that ever changes, and core.hooksPath wires in the reject hook.
      await git(['-C', path, 'config', 'http.receivepack', 'true']);
      await git(['-C', path, 'config', 'core.hooksPath', hooksDir]);
      return path;
    },
    setRejectPushes(rule) {
      rejectRule = rule;
    },
    close() {
      closed ??= (async () => {
        for (const child of children) child.kill('SIGKILL');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets from git/curl would otherwise hold close() open.
          server.closeAllConnections();
        });
        await rm(root, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

function findHeaderEnd(buf: Buffer): { start: number; end: number } | undefined {
  // http-backend writes CRLF, but CGI allows bare LF; take whichever comes first.
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { start: crlf, end: crlf + 4 };
  if (lf >= 0) return { start: lf, end: lf + 2 };
  return undefined;
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string | string[]> } {
  let status = 200;
  const headers: Record<string, string | string[]> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = Number.parseInt(value, 10) || 500;
      continue;
    }
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { status, headers };
}
