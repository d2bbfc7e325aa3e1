// Small misbehaving servers for publish tests: one that redirects every request to another host, and one that
// accepts connections and never answers.
import { readdir, readFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** An Authorization header was sent (its value is never kept). */
  readonly credentials: boolean;
}

export interface RedirectServer {
  readonly port: number;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Answers every request with `status` and `Location: <target><path>`; with `requireAuth`, first asks for credentials
 * (401), as a server that redirects only authenticated clients would.
 */
export async function startRedirectServer(target: string, options: { requireAuth?: boolean; status?: number } = {}): Promise<RedirectServer> {
  const requests: SeenRequest[] = [];
  const server = createHttpServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', credentials: req.headers.authorization !== undefined });
    req.resume();
    if (options.requireAuth && !req.headers.authorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="redirector"' });
      res.end();
      return;
    }
    res.writeHead(options.status ?? 302, { Location: `${target}${req.url ?? '/'}` });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface SilentServer {
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Accepts TCP connections and never sends a byte. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createTcpServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Pids of processes (other than `except`) whose environment holds `needle`; Linux /proc, readable as root or owner. */
export async function processesWithEnv(needle: string, except: readonly number[] = []): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || except.includes(Number(name))) continue;
    const environ = await readFile(`/proc/${name}/environ`).catch(() => undefined);
    if (environ?.includes(needle)) found.push(Number(name));
  }
  return found;
}
