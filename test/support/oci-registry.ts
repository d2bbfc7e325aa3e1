// A real OCI registry (CNCF distribution) on 127.0.0.1, with charts pushed by the real `helm push`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HELM } from './chart-repo.ts';
import { hostEnv } from './env.ts';
import { toolPath } from './tools.ts';

const exec = promisify(execFile);

export interface OciRegistry {
  /** `oci://127.0.0.1:<port>/charts`, the repo to declare charts from. */
  readonly repo: string;
  /** Pushes a packaged chart with `helm push --plain-http`. */
  push(archive: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOciRegistry(): Promise<OciRegistry> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-oci-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  await writeFile(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child: ChildProcess = spawn(toolPath('registry'), ['serve', config], { stdio: 'ignore' });
  await waitForPort(port, child);
  const env = { ...hostEnv(), HELM_REGISTRY_CONFIG: path.join(dir, 'registry.json') };
  return {
    repo: `oci://127.0.0.1:${port}/charts`,
    async push(archive) {
      await exec(HELM, ['push', archive, `oci://127.0.0.1:${port}/charts`, '--plain-http'], { env });
    },
    async close() {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the registry exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v2/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the registry did not answer on 127.0.0.1:${port}`);
}
