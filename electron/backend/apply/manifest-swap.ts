// Replacing the manifest so the kubelet only ever sees the old or the new file: the new text is staged outside
// the manifests folder (on the same file system) and renamed over the manifest in one step.
import { STAGING_DIR } from './node-target.ts';
import type { RemoteNode } from './remote-node.ts';

/**
 * $1 = staged file, $2 = manifest. Refuses when the two are on different file systems (mv would copy, which is not
 * atomic), takes owner and mode from the file it replaces, renames, and syncs the folder.
 */
const SWAP_SCRIPT = `set -eu
staged=$1 target=$2
[ -f "$staged" ] || { echo "staged file $staged is missing" >&2; exit 3; }
sdev=$(stat -c %d -- "\${staged%/*}"); tdev=$(stat -c %d -- "\${target%/*}")
[ "$sdev" = "$tdev" ] || { echo "\${staged%/*} and \${target%/*} are on different file systems" >&2; exit 6; }
if [ -e "$target" ]; then chown --reference="$target" -- "$staged"; chmod --reference="$target" -- "$staged"; fi
mv -f -- "$staged" "$target"
sync -- "\${target%/*}" 2>/dev/null || sync
`;

export async function replaceManifest(node: RemoteNode, manifestPath: string, data: string | Buffer): Promise<void> {
  const name = manifestPath.slice(manifestPath.lastIndexOf('/') + 1);
  const staged = `${STAGING_DIR}/${name}`;
  const mode = (await node.stat(manifestPath))?.mode ?? 0o600;
  await node.write(staged, data, mode);
  await node.script(SWAP_SCRIPT, [node.at(staged), node.at(manifestPath)]);
}
