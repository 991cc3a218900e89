// One remote script gathers the cheap facts about a node in a single round trip: user id, /etc/os-release,
// running processes of interest, crictl, and which distribution's files exist. Paths arrive as arguments.
import type { SshSession } from '../ssh/session.ts';

export interface NodeFacts {
  uid: number;
  osRelease: Record<string, string>;
  /** Command names (comm) of running processes, deduplicated. */
  processes: string[];
  /** Absolute path of crictl, or null. */
  crictl: string | null;
  /** Marker paths (as given, root prefix included) that exist. */
  existingMarkers: string[];
}

// $1 = os-release path; the remaining arguments are marker paths to test with -e.
const FACTS_SCRIPT = `osr=$1; shift
echo "uid=$(id -u)"
echo '--os-release'
[ -r "$osr" ] && cat -- "$osr"
echo '--processes'
for f in /proc/[0-9]*/comm; do IFS= read -r c < "$f" 2>/dev/null && printf '%s\\n' "$c"; done | sort -u
echo '--crictl'
PATH=$PATH:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin:/opt/bin command -v crictl || true
echo '--markers'
for m in "$@"; do [ -e "$m" ] && printf '%s\\n' "$m"; done
echo '--end'
`;

/** Parse os-release's KEY=value lines, with optional single or double quotes. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    let value = match[2];
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    else if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    out[match[1]] = value;
  }
  return out;
}

export async function gatherNodeFacts(
  session: SshSession,
  osReleasePath: string,
  markers: string[],
): Promise<NodeFacts> {
  const result = await session.check(['sh', '-c', FACTS_SCRIPT, 'node-facts', osReleasePath, ...markers]);
  const sections = new Map<string, string[]>();
  let current = 'head';
  for (const line of result.stdout.toString('utf8').split('\n')) {
    if (line.startsWith('--')) {
      current = line.slice(2);
      continue;
    }
    if (!sections.has(current)) sections.set(current, []);
    sections.get(current)!.push(line);
  }
  const section = (name: string) => (sections.get(name) ?? []).filter((line) => line !== '');
  const uidLine = section('head').find((line) => line.startsWith('uid='));
  return {
    uid: Number(uidLine?.slice(4) ?? NaN),
    osRelease: parseOsRelease((sections.get('os-release') ?? []).join('\n')),
    processes: section('processes'),
    crictl: section('crictl')[0] ?? null,
    existingMarkers: section('markers'),
  };
}
