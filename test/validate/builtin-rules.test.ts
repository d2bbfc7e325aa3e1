// homelab judges built-in kinds as the real kube-apiserver does: per rule family, a set of objects (a valid base per
// kind and mutations that each probe one rule), validated by homelab and applied with a server-side dry run; both
// must agree object by object.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/kube-object.ts';
import { startCluster, type Cluster } from '../support/cluster.ts';
import { stringify } from 'yaml';
import { disagreements, homelabVerdicts, prepareNamespace, verdicts } from './agreement.ts';
import {
  admissionCases,
  apiVersionCases,
  bases,
  crossFieldCases,
  enumCases,
  intOrStringCases,
  listKeyCases,
  moreKindCases,
  nameCases,
  nodePortCase,
  quantityCases,
  rangeCases,
  requiredCases,
} from './builtin-cases.ts';

let cluster: Cluster;

before(
  async () => {
    cluster = await startCluster({ flux: false, fluxCrds: false });
    await prepareNamespace(cluster);
  },
  { timeout: 300_000 },
);
after(() => cluster?.stop());

/** Runs a family; both sides must agree on every case, and the API server must refuse at least `refused` of them. */
async function agree(cases: readonly KubeObject[], refused: number, fluxYaml?: string): Promise<void> {
  const results = await verdicts(cluster, cases, fluxYaml);
  assert.deepEqual(disagreements(results), []);
  const rejected = [...results.values()].filter((verdict) => verdict.apiServer !== undefined).length;
  assert.ok(rejected >= refused, `the API server refused only ${rejected} of ${cases.length} cases; the family no longer probes what it should`);
}

describe('built-in kinds are judged as the kube-apiserver judges them', { timeout: 600_000 }, () => {
  it('accepts the valid base object of every common kind', async () => {
    const results = await verdicts(cluster, bases());
    assert.deepEqual([...results].filter(([, v]) => v.homelab !== undefined || v.apiServer !== undefined).map(([id, v]) => `${id}: ${v.homelab ?? ''} ${v.apiServer ?? ''}`), []);
  });

  it('enums: "tcp", "ClusterIp", toleration operator "Exist" are unsupported values; "" is unset where the API server defaults it', () => agree(enumCases(), 30));
  it('names per kind, label and annotation keys and values, the annotation size limit', () => agree(nameCases(), 15));
  it('quantities: grammar, sign, requests within limits, whole extended resources', () => agree(quantityCases(), 10));
  it('int32 bounds and port ranges', () => agree(rangeCases(), 15));

  it('node ports outside the default range: refused as a real apply refuses them (a dry run does not allocate node ports)', async () => {
    const service = nodePortCase();
    const [homelab] = [...(await homelabVerdicts([service])).values()];
    assert.match(homelab ?? '', /spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range\. The range of valid ports is 30000-32767/);
    await assert.rejects(cluster.apply(stringify(service)), /spec\.ports\[0\]\.nodePort: Invalid value: 80: provided port is not in the valid range\. The range of valid ports is 30000-32767/);
  });
  it('associative lists: no duplicate keys, no element without its key', () => agree(listKeyCases(), 8));
  it('fields the API server requires or defaults', () => agree(requiredCases(), 12));
  it('cross-field rules: selectors, one volume source, one probe handler, value xor valueFrom, HPA and PDB bounds', () => agree(crossFieldCases(), 30));
  it('int-or-string: named ports and percentages', () => agree(intOrStringCases(), 7));
  it('API versions: alpha and beta versions need enabling', () => agree(apiVersionCases(), 5));
  it('APIService, Endpoints, RuntimeClass and CSIDriver: their own Go validation', () => agree(moreKindCases(), 30));
  it('admission policies and webhook match conditions: CEL expressions compile to the right type, names, param refs', () => agree(admissionCases(), 25));
});
