// The fields of Flux's objects that homelab reads (types only: shared by the API reader, status and the report page).

export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

/** The fields of a Flux Kustomization status reads. */
export interface KustomizationObject {
  readonly metadata: { readonly name: string; readonly generation?: number; readonly labels?: Readonly<Record<string, string>>; readonly resourceVersion?: string };
  readonly spec?: { readonly dependsOn?: readonly { readonly name: string; readonly namespace?: string }[]; readonly suspend?: boolean };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
    readonly lastAppliedRevision?: string;
    readonly lastAttemptedRevision?: string;
    readonly inventory?: { readonly entries?: readonly unknown[] };
    /** Recent reconciliations per revision (kustomize-controller >= 1.5): when each revision was first and last applied. */
    readonly history?: readonly {
      readonly firstReconciled?: string;
      readonly lastReconciled?: string;
      /** e.g. `ReconciliationSucceeded`, `HealthCheckFailed`. */
      readonly lastReconciledStatus?: string;
      readonly metadata?: Readonly<Record<string, string>>;
    }[];
  };
}

export interface GitRepositoryObject {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly url?: string };
  readonly status?: { readonly conditions?: readonly Condition[]; readonly artifact?: { readonly revision?: string; readonly lastUpdateTime?: string } };
}
