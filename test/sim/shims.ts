// SIMULATOR (test only): a `crictl` stand-in installed at <root>/usr/local/bin/crictl, and a `kubectl` one that
// starts the bundled kubectl stand-in (test/sim/kubectl.ts). It answers the commands the
// apply runner uses — `ps [-a] [--name RE] [-q|-o json]` and `logs [--tail N] ID` — from the simulated kubelet's
// state folder. The runner looks for crictl under the node's fs-root first, as it would inside a chroot.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CRICTL = (stateDir: string) => `#!/bin/sh
# SIMULATOR: crictl stand-in for Auditscope's apply tests (not the real crictl).
state='${stateDir}'
cmd=\${1:-}; [ $# -gt 0 ] && shift
case $cmd in
ps)
  all=0 quiet=0 json=0 name=
  while [ $# -gt 0 ]; do
    case $1 in
      -a|--all) all=1 ;;
      -q|--quiet) quiet=1 ;;
      -o) shift; [ "$1" = json ] && json=1 ;;
      -o=json|--output=json) json=1 ;;
      --name) shift; name=$1 ;;
      --name=*) name=\${1#--name=} ;;
      *) echo "crictl (simulator): unsupported ps option $1" >&2; exit 1 ;;
    esac
    shift
  done
  [ $json = 1 ] && printf '{"containers":['
  first=1
  if [ -f "$state/containers" ]; then
    # newest first, as crictl lists them
    tac "$state/containers" | while read -r id cname cstate created attempt; do
      [ $all = 1 ] || [ "$cstate" = running ] || continue
      [ -z "$name" ] || printf '%s\\n' "$cname" | grep -Eq -- "$name" || continue
      if [ $json = 1 ]; then
        [ $first = 1 ] || printf ','
        first=0
        st=CONTAINER_EXITED; [ "$cstate" = running ] && st=CONTAINER_RUNNING
        printf '{"id":"%s","metadata":{"name":"%s","attempt":%s},"state":"%s","createdAt":"%s"}' "$id" "$cname" "$attempt" "$st" "$created"
      elif [ $quiet = 1 ]; then printf '%s\\n' "$id"
      else printf '%.13s  %s  %s\\n' "$id" "$cstate" "$cname"
      fi
    done
  fi
  [ $json = 1 ] && printf ']}\\n'
  exit 0 ;;
logs)
  tail=
  while [ $# -gt 1 ]; do
    case $1 in
      --tail) shift; tail=$1 ;;
      --tail=*) tail=\${1#--tail=} ;;
      *) echo "crictl (simulator): unsupported logs option $1" >&2; exit 1 ;;
    esac
    shift
  done
  id=\${1:-}
  f="$state/logs/$id.log"
  [ -n "$id" ] && [ -f "$f" ] || { echo "crictl (simulator): container \\"$id\\" not found" >&2; exit 1; }
  if [ -n "$tail" ]; then tail -n "$tail" -- "$f"; else cat -- "$f"; fi
  exit 0 ;;
*)
  echo "crictl (simulator): unsupported command $cmd" >&2; exit 1 ;;
esac
`;

export function installCrictlShim(root: string, stateDir: string): string {
  const bin = join(root, 'usr/local/bin');
  mkdirSync(bin, { recursive: true, mode: 0o755 });
  const path = join(bin, 'crictl');
  writeFileSync(path, CRICTL(stateDir), { mode: 0o755 });
  chmodSync(path, 0o755);
  return path;
}

/** <root>/usr/local/bin/kubectl: runs the bundled stand-in with node's absolute path (sudo's PATH has no node). */
export function installKubectlShim(root: string, stateDir: string, bundle: string): string {
  const bin = join(root, 'usr/local/bin');
  mkdirSync(bin, { recursive: true, mode: 0o755 });
  const path = join(bin, 'kubectl');
  const script = `#!/bin/sh
# SIMULATOR: kubectl stand-in for Auditscope's apply tests (not the real kubectl).
exec '${process.execPath}' '${bundle}' --state '${stateDir}' "$@"
`;
  writeFileSync(path, script, { mode: 0o755 });
  chmodSync(path, 0o755);
  return path;
}
