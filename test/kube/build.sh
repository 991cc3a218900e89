#!/usr/bin/env bash
# Builds kube-apiserver, kubectl, etcd and policy-oracle once per machine into a version-keyed cache
# outside the repository and prints the absolute bin directory (the only stdout line).
#   AUDITSCOPE_K8S_VERSION=1.37.2 ./build.sh   another release (default: the one pinned in go.mod)
#   ./build.sh module 1.37.2 DIR                write go.mod for a release into DIR (to move the pin)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export CGO_ENABLED=0 GOWORK=off
fallback_toolchain=go1.27.3 # the newer Go the module proxy serves, for releases that ask for it

log() { echo "build.sh: $*" >&2; }
die() { echo "build.sh: $*" >&2; exit 1; }
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; } # $1 >= $2
gomod_field() { sed -n "s|^[[:space:]]*\(require \)\{0,1\}$1 \(v[^ ]*\).*|\2|p" "$2" | head -n1; }

module_go=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$here/go.mod")
command -v go >/dev/null 2>&1 ||
  die "'go' is not on PATH: install Go $module_go or newer to build the Kubernetes test binaries"
local_go=$(go env GOVERSION)
version_ge "${local_go#go}" "$module_go" ||
  die "found $local_go but test/kube needs Go $module_go or newer: install Go $module_go or newer"

# use_go_for GOVERSION: keep the local Go if it is new enough, else switch to the fallback toolchain.
go_version=$local_go
use_go_for() {
  version_ge "${local_go#go}" "$1" && return 0
  version_ge "${fallback_toolchain#go}" "$1" || die "Kubernetes $k8s needs Go $1: install Go $1 or newer"
  export GOTOOLCHAIN=$fallback_toolchain
  go_version=$fallback_toolchain
}

# release_mod VERSION: path of that k8s.io/kubernetes release's go.mod in the module cache (fetched if missing).
release_mod() {
  local mod
  mod=$(cd "$here" && go list -m -f '{{.GoMod}}' "k8s.io/kubernetes@v$1") || die "k8s.io/kubernetes v$1 is not available"
  echo "$mod"
}

# write_module VERSION DIR: a go.mod requiring that release, every staging module of its replace block
# at v0.<minor>.<patch>, and the etcd server of the etcd client it uses. Written from scratch so the
# other dependency versions come from that release, not from the pinned one.
write_module() {
  local version=$1 dir=$2 mod rel_go etcd m
  mod=$(release_mod "$version")
  rel_go=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$mod")
  etcd=$(gomod_field 'go\.etcd\.io/etcd/client/v3' "$mod")
  version_ge "$rel_go" "$module_go" || rel_go=$module_go
  mkdir -p "$dir"
  rm -f "$dir/go.sum"
  {
    printf 'module auditscope.test/kube\n\ngo %s\n\n' "$rel_go"
    sed -n '/^godebug /p' "$mod" # the runtime defaults Kubernetes ships with
    printf '\nrequire (\n\tk8s.io/kubernetes v%s\n\tgo.etcd.io/etcd/server/v3 %s\n)\n\n' "$version" "$etcd"
    printf 'tool (\n\tk8s.io/kubernetes/cmd/kube-apiserver\n\tk8s.io/kubernetes/cmd/kubectl\n\tgo.etcd.io/etcd/server/v3\n)\n\n'
    echo '// k8s.io/kubernetes points these at ./staging; use the published copies of the same release.'
    echo 'replace ('
    for m in $(sed -n '/^replace (/,/^)/s/^[[:space:]]*\(k8s\.io\/[^ ]*\) => .*/\1/p' "$mod"); do
      printf '\t%s => %s v0.%s\n' "$m" "$m" "${version#*.}"
    done
    echo ')'
  } >"$dir/go.mod"
  (cd "$dir" && go mod tidy) >&2
}

if [ "${1-}" = module ]; then
  [ $# -eq 3 ] || die "usage: build.sh module <k8s version> <dir>"
  k8s=${2#v}
  use_go_for "$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$(release_mod "$k8s")")"
  write_module "$k8s" "$3"
  exit 0
fi

pinned=$(gomod_field 'k8s\.io/kubernetes' "$here/go.mod")
k8s=${AUDITSCOPE_K8S_VERSION:-$pinned}
k8s=${k8s#v}
if [ "$k8s" = "${pinned#v}" ]; then
  etcd=$(gomod_field 'go\.etcd\.io/etcd/server/v3' "$here/go.mod")
else
  mod=$(release_mod "$k8s")
  etcd=$(gomod_field 'go\.etcd\.io/etcd/client/v3' "$mod")
  use_go_for "$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$mod")"
fi
[ -n "$etcd" ] || die "could not find the etcd version for Kubernetes $k8s"

cache_root=${AUDITSCOPE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/auditscope-tools}/kubernetes
key="$k8s-${etcd#v}-$go_version-$(go env GOOS)-$(go env GOARCH)"
dest="$cache_root/$key"
bin="$dest/bin"
# The oracle is our own code: rebuild it when its source changes, even if the versions did not.
oracle_hash=$(cat "$here/go.mod" "$here/go.sum" "$here"/cmd/policy-oracle/*.go | sha256sum | cut -c1-16)

complete() {
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ] && [ -x "$bin/policy-oracle" ] &&
    [ "$(cat "$bin/policy-oracle.src" 2>/dev/null)" = "$oracle_hash" ]
}
if complete; then echo "$bin"; exit 0; fi

mkdir -p "$cache_root"
exec 9>"$cache_root/$key.lock"
flock -n 9 || { log "waiting for another build of $key to finish"; flock 9; }
if complete; then echo "$bin"; exit 0; fi # another caller finished it while we waited

rm -rf "$cache_root/.tmp-$key".* # left by a killed build; we hold the lock, so no one is using them
tmp=$(mktemp -d "$cache_root/.tmp-$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

kube_built() { [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ]; }
if [ "$k8s" = "${pinned#v}" ]; then
  src=$here
elif kube_built && [ -f "$dest/module/go.mod" ]; then
  src="$dest/module"
  rm -rf "$src/cmd/policy-oracle" && cp -R "$here/cmd/policy-oracle" "$src/cmd/"
else
  src="$tmp/module" # ends up beside bin/, so the exact go.mod and go.sum used stay inspectable
  log "writing a module for Kubernetes $k8s (etcd $etcd) in $src"
  mkdir -p "$src/cmd"
  cp -R "$here/cmd/policy-oracle" "$src/cmd/"
  write_module "$k8s" "$src"
fi

minor=${k8s#*.}
minor=${minor%%.*}
xflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  xflags+=" -X $pkg.gitVersion=v$k8s -X $pkg.gitMajor=${k8s%%.*} -X $pkg.gitMinor=$minor"
done
build() { (cd "$src" && go build -trimpath -buildvcs=false -ldflags="-s -w$xflags" "$@") >&2; }

started=$SECONDS
if kube_built; then
  log "only policy-oracle is out of date"
  build -o "$tmp/policy-oracle" ./cmd/policy-oracle
  echo "$oracle_hash" >"$tmp/policy-oracle.src"
  mv -f "$tmp/policy-oracle" "$bin/policy-oracle" # rename: a running oracle keeps its old file
  mv -f "$tmp/policy-oracle.src" "$bin/policy-oracle.src"
else
  log "building Kubernetes $k8s, etcd $etcd and policy-oracle with $go_version (a cold build takes minutes)"
  mkdir -p "$tmp/bin"
  build -o "$tmp/bin/" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl ./cmd/policy-oracle
  build -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3
  echo "$oracle_hash" >"$tmp/bin/policy-oracle.src"
  chmod 755 "$tmp"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  trap - EXIT
fi
log "done in $((SECONDS - started)) s"
echo "$bin"
