// Services and networking: Service, Ingress, IngressClass, NetworkPolicy.
/* eslint-disable @typescript-eslint/no-explicit-any -- generators edit free-form JSON */
import { NS, nameOfLength, type CorpusEntry, type JsonObject } from './entry.ts';
import { m, meta, variants, type Mutation } from './mutate.ts';

type Obj = Record<string, any>;
type Edit = Mutation<Obj>;
const spec = (o: JsonObject): Obj => o.spec as Obj;
const port0 = (o: JsonObject): Obj => spec(o).ports[0];

const service = (name: string): JsonObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
});

const SERVICE: Edit[] = [
  m('type-clusterip-case', 'enum', false, (o) => (spec(o).type = 'ClusterIp')),
  m('type-load-balancer', 'enum', true, (o) => (spec(o).type = 'LoadBalancer')),
  m('type-node-port', 'enum', true, (o) => (spec(o).type = 'NodePort')),
  m('type-external-name', 'enum', true, (o) => Object.assign(spec(o), { type: 'ExternalName', externalName: 'db.example.test', selector: undefined, ports: undefined })),
  m('external-name-missing', 'required', false, (o) => (spec(o).type = 'ExternalName')),
  m('external-name-invalid', 'name-format', false, (o) => Object.assign(spec(o), { type: 'ExternalName', externalName: 'not_a_host' })),
  m('protocol-lowercase', 'enum', false, (o) => (port0(o).protocol = 'tcp')),
  m('protocol-udp', 'enum', true, (o) => (port0(o).protocol = 'UDP')),
  m('port-zero', 'api-rules', false, (o) => (port0(o).port = 0)),
  m('port-too-big', 'api-rules', false, (o) => (port0(o).port = 65536)),
  m('port-missing', 'required', false, (o) => delete port0(o).port),
  m('target-port-numeric-string', 'int-or-string', false, (o) => (port0(o).targetPort = '8080')),
  m('target-port-number', 'int-or-string', true, (o) => (port0(o).targetPort = 8080)),
  m('target-port-zero', 'int-or-string', true, (o) => (port0(o).targetPort = 0)),
  m('target-port-underscore', 'int-or-string', false, (o) => (port0(o).targetPort = 'http_port')),
  m('target-port-too-big', 'int-or-string', false, (o) => (port0(o).targetPort = 70000)),
  m('target-port-float', 'int-or-string', false, (o) => (port0(o).targetPort = 80.5)),
  m('node-port-in-range', 'api-rules', true, (o) => {
    spec(o).type = 'NodePort';
    port0(o).nodePort = 30080;
  }),
  m('node-port-on-cluster-ip', 'api-rules', false, (o) => (port0(o).nodePort = 30081)),
  m('headless-node-port', 'api-rules', false, (o) => Object.assign(spec(o), { type: 'NodePort', clusterIP: 'None' })),
  m('headless', 'api-rules', true, (o) => (spec(o).clusterIP = 'None')),
  m('cluster-ip-not-an-ip', 'api-rules', false, (o) => (spec(o).clusterIP = 'not-an-ip')),
  m('session-affinity-unknown', 'enum', false, (o) => (spec(o).sessionAffinity = 'client')),
  m('session-affinity-timeout-zero', 'api-rules', false, (o) => Object.assign(spec(o), { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } })),
  m('external-traffic-lowercase', 'enum', false, (o) => Object.assign(spec(o), { type: 'NodePort', externalTrafficPolicy: 'local' })),
  m('external-traffic-on-cluster-ip', 'api-rules', false, (o) => (spec(o).externalTrafficPolicy = 'Local')),
  m('internal-traffic-local', 'enum', true, (o) => (spec(o).internalTrafficPolicy = 'Local')),
  m('ip-family-policy-unknown', 'enum', false, (o) => (spec(o).ipFamilyPolicy = 'Single')),
  m('two-ports-without-names', 'api-rules', false, (o) => (spec(o).ports = [{ port: 80 }, { port: 443 }])),
  m('duplicate-port', 'list-keys', false, (o) => spec(o).ports.push({ name: 'http2', port: 80, protocol: 'TCP' })),
  m('same-port-tcp-and-udp', 'list-keys', true, (o) => spec(o).ports.push({ name: 'dns', port: 80, protocol: 'UDP' })),
  m('duplicate-port-name', 'list-keys', false, (o) => spec(o).ports.push({ name: 'http', port: 8080, protocol: 'TCP' })),
  m('port-name-uppercase', 'name-format', false, (o) => (port0(o).name = 'HTTP')),
  m('port-name-16-characters', 'name-format', true, (o) => (port0(o).name = 'http-metrics-port')),
  m('name-starts-with-digit', 'name-format', false, (o) => (meta(o).name = '1-web')),
  m('name-with-dot', 'name-format', false, (o) => (meta(o).name = 'web.api')),
  m('name-64-characters', 'name-format', false, (o) => (meta(o).name = nameOfLength('svc-long', 64))),
  m('name-63-characters', 'name-format', true, (o) => (meta(o).name = nameOfLength('svc-long', 63))),
  m('selector-value-invalid', 'name-format', false, (o) => (spec(o).selector = { app: 'not valid!' })),
  m('source-range-invalid', 'api-rules', false, (o) => Object.assign(spec(o), { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] })),
  m('external-ip-invalid', 'api-rules', false, (o) => (spec(o).externalIPs = ['300.1.2.3'])),
  m('app-protocol-invalid', 'api-rules', false, (o) => (port0(o).appProtocol = 'not valid!')),
  m('app-protocol-domain', 'api-rules', true, (o) => (port0(o).appProtocol = 'example.com/custom')),
  m('lb-node-ports-on-cluster-ip', 'api-rules', false, (o) => (spec(o).allocateLoadBalancerNodePorts = true)),
  m('lb-class-on-cluster-ip', 'api-rules', false, (o) => (spec(o).loadBalancerClass = 'example.com/lb')),
  m('port-as-string', 'schema', false, (o) => (port0(o).port = '80')),
  m('unknown-field', 'schema', false, (o) => (spec(o).ports[0].targetPorts = 8080)),
];

const ingress = (name: string): JsonObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: NS },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: ['web.example.test'], secretName: 'web-tls' }],
    rules: [{ host: 'web.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
  },
});
const path0 = (o: JsonObject): Obj => spec(o).rules[0].http.paths[0];

const INGRESS: Edit[] = [
  m('path-type-missing', 'required', false, (o) => delete path0(o).pathType),
  m('path-type-unknown', 'enum', false, (o) => (path0(o).pathType = 'Regex')),
  m('path-relative', 'api-rules', false, (o) => (path0(o).path = 'api')),
  m('path-relative-implementation-specific', 'api-rules', false, (o) => Object.assign(path0(o), { path: 'api', pathType: 'ImplementationSpecific' })),
  m('host-wildcard', 'name-format', true, (o) => (spec(o).rules[0].host = '*.example.test')),
  m('host-inner-wildcard', 'name-format', false, (o) => (spec(o).rules[0].host = 'web.*.test')),
  m('host-ip', 'name-format', false, (o) => (spec(o).rules[0].host = '10.0.0.1')),
  m('host-uppercase', 'name-format', false, (o) => (spec(o).rules[0].host = 'Web.example.test')),
  m('backend-port-number-and-name', 'api-rules', false, (o) => (path0(o).backend.service.port = { number: 80, name: 'http' })),
  m('backend-port-name', 'api-rules', true, (o) => (path0(o).backend.service.port = { name: 'http' })),
  m('backend-port-missing', 'required', false, (o) => delete path0(o).backend.service.port),
  m('backend-port-zero', 'api-rules', false, (o) => (path0(o).backend.service.port = { number: 0 })),
  m('backend-service-and-resource', 'api-rules', false, (o) => (path0(o).backend.resource = { apiGroup: 'example.test', kind: 'Bucket', name: 'b' })),
  m('default-backend-only', 'api-rules', true, (o) => {
    delete spec(o).rules;
    delete spec(o).tls;
    spec(o).defaultBackend = { service: { name: 'web', port: { number: 80 } } };
  }),
  m('no-rules-no-backend', 'api-rules', false, (o) => {
    delete spec(o).rules;
    delete spec(o).tls;
  }),
  m('tls-wildcard-host', 'name-format', true, (o) => (spec(o).tls[0].hosts = ['*.example.test'])),
  m('class-name-invalid', 'name-format', false, (o) => (spec(o).ingressClassName = 'Bad_Class')),
  m('backend-service-name-invalid', 'name-format', false, (o) => (path0(o).backend.service.name = 'Web_Service')),
  m('paths-empty', 'required', false, (o) => (spec(o).rules[0].http.paths = [])),
];

const ingressClass = (name: string): JsonObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller: 'example.test/ingress' },
});
const INGRESS_CLASS: Edit[] = [
  m('controller-missing', 'required', false, (o) => delete spec(o).controller),
  m('controller-not-a-domain', 'name-format', false, (o) => (spec(o).controller = 'not a controller')),
  m('parameters-cluster-with-namespace', 'api-rules', false, (o) => (spec(o).parameters = { apiGroup: 'example.test', kind: 'Params', name: 'p', scope: 'Cluster', namespace: NS })),
  m('parameters-scope-unknown', 'enum', false, (o) => (spec(o).parameters = { apiGroup: 'example.test', kind: 'Params', name: 'p', scope: 'Everywhere' })),
];

const networkPolicy = (name: string): JsonObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: NS },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
  },
});
const ingressRule = (o: JsonObject): Obj => spec(o).ingress[0];

const NETWORK_POLICY: Edit[] = [
  m('policy-type-unknown', 'enum', false, (o) => (spec(o).policyTypes = ['Both'])),
  m('protocol-lowercase', 'enum', false, (o) => (ingressRule(o).ports[0].protocol = 'tcp')),
  m('cidr-invalid', 'api-rules', false, (o) => (ingressRule(o).from = [{ ipBlock: { cidr: 'not-a-cidr' } }])),
  m('except-outside-cidr', 'api-rules', false, (o) => (ingressRule(o).from = [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }])),
  m('except-inside-cidr', 'api-rules', true, (o) => (ingressRule(o).from = [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }])),
  m('end-port-below-port', 'api-rules', false, (o) => Object.assign(ingressRule(o).ports[0], { port: 8080, endPort: 8000 })),
  m('end-port-with-named-port', 'api-rules', false, (o) => Object.assign(ingressRule(o).ports[0], { port: 'http', endPort: 9000 })),
  m('port-named', 'int-or-string', true, (o) => (ingressRule(o).ports[0].port = 'http')),
  m('port-numeric-string', 'int-or-string', false, (o) => (ingressRule(o).ports[0].port = '8080')),
  m('port-too-big', 'api-rules', false, (o) => (ingressRule(o).ports[0].port = 70000)),
  m('pod-selector-missing', 'required', true, (o) => delete spec(o).podSelector),
  m('selector-operator-unknown', 'enum', false, (o) => (spec(o).podSelector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] })),
  m('empty-ingress-rule', 'api-rules', true, (o) => (spec(o).ingress = [{}])),
  m('peer-with-ipblock-and-selector', 'api-rules', false, (o) => (ingressRule(o).from = [{ ipBlock: { cidr: '10.0.0.0/16' }, podSelector: {} }])),
];

export function networkingEntries(): CorpusEntry[] {
  return [
    ...variants({ prefix: 'svc', family: 'services-networking', base: service, mutations: SERVICE }),
    ...variants({ prefix: 'ing', family: 'services-networking', base: ingress, mutations: INGRESS }),
    ...variants({ prefix: 'ingclass', family: 'services-networking', base: ingressClass, mutations: INGRESS_CLASS }),
    ...variants({ prefix: 'netpol', family: 'services-networking', base: networkPolicy, mutations: NETWORK_POLICY }),
  ];
}
