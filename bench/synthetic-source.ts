// Writes a synthetic source repository of N bench-app apps, for the benchmarks.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeSyntheticSource(dir: string, apps: number): Promise<void> {
  await mkdir(path.join(dir, 'config'), { recursive: true });
  await cp(new URL('./fixtures/templates', import.meta.url), path.join(dir, 'templates'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  await writeFile(path.join(dir, 'config/flux.yaml'), 'apiVersion: v1alpha1\nkind: HomelabFluxConfig\nrepo: https://git.example.com/me/manifests.git\n');
  const lines = ['apiVersion: v1alpha1', 'kind: HomelabAppsConfig', 'apps:'];
  for (let i = 0; i < apps; i++) {
    const id = `app-${String(i).padStart(4, '0')}`;
    lines.push(`  - template: bench-app`, `    id: ${id}`, `    options: { image: "registry.example.com/${id}:1.${i}" }`);
    if (i > 0 && i % 10 === 0) lines.push(`    dependencies: [app-${String(i - 1).padStart(4, '0')}]`);
  }
  await writeFile(path.join(dir, 'config/apps.yaml'), `${lines.join('\n')}\n`);
}
