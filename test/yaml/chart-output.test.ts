import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Problem } from '../../src/errors.ts';
import { readBlock } from '../../src/yaml/block-reader.ts';
import { DECLINED, readFast, type FastWarning } from '../../src/yaml/fast-reader.ts';
import { positionAt } from '../../src/yaml/limits.ts';
import { readKubeYaml } from '../../src/yaml/read-kube-yaml.ts';
import { readReference } from '../../src/yaml/reference-reader.ts';
import { splitDocuments } from '../../src/yaml/split-documents.ts';
import { needsRealCharts, REAL_CHARTS_DIR } from '../support/real-charts.ts';
import { toolPath } from '../support/tools.ts';

// The real charts of ../shared/charts, rendered by the real helm: the reader's fast path and its reference reader must
// agree on every document (values and warnings), since either may read any document.
const CHARTS = REAL_CHARTS_DIR ?? '';
const archives = REAL_CHARTS_DIR ? readdirSync(CHARTS).filter((file) => file.endsWith('.tgz')).sort() : [];

describe('the Kubernetes YAML reader on real chart output', needsRealCharts, () => {
  for (const archive of archives) {
    it(`reads ${archive} with its fast path exactly as with its reference reader`, () => {
      const result = spawnSync(toolPath('helm'), ['template', 'release', join(CHARTS, archive), '--include-crds', '--kube-version', 'v1.34.0'], { maxBuffer: 256 * 1024 * 1024 });
      assert.equal(result.status, 0, result.stderr?.toString());
      const stream = result.stdout.toString('utf8');
      const { documents, warnings } = readKubeYaml(result.stdout, `helm template of ${archive}`);
      assert.ok(documents.length > 0);
      let fast = 0;
      let blockBytes = 0;
      for (const document of splitDocuments(stream, archive)) {
        // readFast tries the block reader first: what it reads is checked below with the rest.
        if (readBlock(document.text) !== DECLINED) blockBytes += document.text.length;
        const referenceWarnings: Problem[] = [];
        const reference = readReference(document, { file: archive, stream, warnings: referenceWarnings });
        const found: FastWarning[] = [];
        const value = readFast(document.text, found);
        if (value === DECLINED) continue;
        fast++;
        assert.deepEqual(value ?? null, reference ?? null, `document at offset ${document.offset} of ${archive}`);
        const located = found.map((w) => ({ file: archive, position: positionAt(stream, document.offset + w.offset), message: w.message }));
        assert.deepEqual(located, referenceWarnings, `warnings of the document at offset ${document.offset} of ${archive}`);
      }
      assert.ok(fast > 0, 'the fast path read no document');
      // Chart output is mostly block-style YAML (its CRDs are controller-gen's): the block reader takes ~90-100% of it.
      assert.ok(blockBytes > stream.length * 0.85, `the block reader read ${blockBytes} of ${stream.length} characters`);
      // Traefik's CRDs bound integers with `maximum: 9223372036854775000`, beyond 2^53: read as the nearest double.
      assert.deepEqual(warnings.filter((w) => !/is beyond 2\^53/.test(w.message)), []);
    });
  }
});
