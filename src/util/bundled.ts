// Where the bundle runs from, when homelab runs bundled (dist/bundle/, made by scripts/build-cli-bundle.mjs, which
// defines HOMELAB_BUNDLE): the render thread, the templates' worker and the templates' `homelab` must then all be the
// bundle's entries, so that each thread has one copy of every homelab module.
declare const HOMELAB_BUNDLE: string | undefined;

/** The bundle's directory; undefined when homelab runs file by file (dist/ or, under tsx, src/). */
export const BUNDLE_DIR: URL | undefined = typeof HOMELAB_BUNDLE === 'string' ? new URL(HOMELAB_BUNDLE, import.meta.url) : undefined;
