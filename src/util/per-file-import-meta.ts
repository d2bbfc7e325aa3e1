// esbuild settings that keep each bundled file's own location: `import.meta.url`, `.filename` and `.dirname` (and,
// when asked, CommonJS's `__dirname` and `__filename`) are what Node would give the file where it lies, not the
// bundle's. Code that finds files beside itself (schemas, package.json, a worker's entry) works bundled or not.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

// Defined as identifiers that each file declares on its first line.
const URL_NAME = '__homelab_import_meta_url';
const FILENAME_NAME = '__homelab_import_meta_filename';
const DIRNAME_NAME = '__homelab_import_meta_dirname';

export interface PerFileImportMeta {
  /** For esbuild's `define`. */
  readonly define: Record<string, string>;
  readonly plugin: Plugin;
  /** For esbuild's `banner.js`: what the declarations of a `relativeTo` bundle use. */
  readonly banner: string;
}

export interface PerFileImportMetaOptions {
  /**
   * The directory every output file is written to: files are then found relative to it at run time, so the bundle
   * can move with the files beside it (an installed package). Without it, locations are absolute.
   */
  readonly relativeTo?: string;
  /** Also declare `__dirname` and `__filename` in packages' files that use them (esbuild's ESM output has none). */
  readonly commonJs?: boolean;
}

export function perFileImportMeta({ relativeTo, commonJs = false }: PerFileImportMetaOptions = {}): PerFileImportMeta {
  const banner = "import { fileURLToPath as __homelab_path } from 'node:url'; const __homelab_bundle_url = import.meta.url;";
  const urlOf = (file: string) => relativeTo === undefined
    ? JSON.stringify(pathToFileURL(file).href)
    : `new URL(${JSON.stringify(path.relative(relativeTo, file).split(path.sep).join('/'))}, __homelab_bundle_url).href`;
  const pathOf = (file: string) => (relativeTo === undefined ? JSON.stringify(file) : `__homelab_path(${urlOf(file)})`);
  return {
    define: { 'import.meta.url': URL_NAME, 'import.meta.filename': FILENAME_NAME, 'import.meta.dirname': DIRNAME_NAME },
    banner,
    plugin: {
      name: 'homelab-import-meta',
      setup(build) {
        build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
          const contents = await readFile(args.path, 'utf8');
          const file = args.path;
          const declarations: string[] = [];
          if (contents.includes('import.meta')) {
            declarations.push(`var ${URL_NAME} = ${urlOf(file)}, ${FILENAME_NAME} = ${pathOf(file)}, ${DIRNAME_NAME} = ${pathOf(path.dirname(file))};`);
          }
          if (commonJs && file.includes(`${path.sep}node_modules${path.sep}`) && /\b__(?:dirname|filename)\b/.test(contents)) {
            declarations.push(`var __dirname = ${pathOf(path.dirname(file))}, __filename = ${pathOf(file)};`);
          }
          // On the first line, so every other line keeps its number in stack traces.
          return { contents: declarations.join(' ') + contents, loader: 'default' };
        });
      },
    },
  };
}
