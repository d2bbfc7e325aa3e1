// A user template: single-instance PostgreSQL with a nightly Backup (a custom resource of backup-operator,
// created with the typed class `homelab refresh-assets` generated from the operator chart's CRD).
// The password comes from a Secret "<id>-credentials" created outside the manifests repo (e.g. SOPS).
import { ApiObject, Chart, appLabels, defineTemplate, z } from 'homelab';
import { Backup, BackupSpecTargetKind } from '../../assets/backup-operator/imports/backup.homelab.dev.ts';

export default defineTemplate({
  name: 'postgres',
  description: 'single-instance PostgreSQL with nightly backups',
  options: z.strictObject({
    /** PostgreSQL major version (the official image's tag). */
    version: z.string().regex(/^\d+$/).default('17'),
    /** Size of the data volume. */
    storage: z.string().regex(/^\d+(Mi|Gi|Ti)$/).default('5Gi'),
    /** Cron schedule of the backup. */
    backupSchedule: z.string().default('0 3 * * *'),
    /** How many backups to keep. */
    retention: z.number().int().min(1).default(7),
  }),
  build(scope, app) {
    const { id, options } = app;
    const chart = new Chart(scope, id);
    const labels = appLabels(id, 'database');
    const selector = { 'app.kubernetes.io/name': id, 'app.kubernetes.io/instance': id };

    new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace, labels } });

    new ApiObject(chart, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: id, labels },
      spec: { selector, ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }] },
    });

    new ApiObject(chart, 'statefulset', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: id, labels },
      spec: {
        serviceName: id,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'postgres',
              image: `docker.io/library/postgres:${options.version}`,
              ports: [{ name: 'postgres', containerPort: 5432 }],
              env: [
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: `${id}-credentials`, key: 'password' } } },
              ],
              readinessProbe: { exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 10 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
            }],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: options.storage } } },
        }],
      },
    });

    new Backup(chart, 'backup', {
      metadata: { name: `${id}-nightly`, labels },
      spec: { schedule: options.backupSchedule, retention: options.retention, target: { kind: BackupSpecTargetKind.STATEFUL_SET, name: id } },
    });
    return chart;
  },
});
