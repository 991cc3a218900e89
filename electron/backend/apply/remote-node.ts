// File and command access to one node for the apply runner: node paths are mapped under the fs-root, writes go
// through sudo when configured, and crictl is found the way the kubelet's admin would find it.
import { SshError } from '../ssh/errors.ts';
import type { ExecResult, SshSession } from '../ssh/session.ts';
import type { RemoteStat } from '../ssh/file-ops.ts';
import { directoryOf, type NodeTarget } from './node-target.ts';

/** $1 = tool name, then candidate folders (fs-root's bin folders first); prints the tool's path or nothing. */
const FIND_TOOL = `tool=$1; shift
for d in "$@" /usr/local/bin /usr/bin /bin /usr/sbin /sbin /opt/bin; do
  if [ -x "$d/$tool" ]; then printf '%s\\n' "$d/$tool"; exit 0; fi
done
command -v "$tool" || true`;

export class RemoteNode {
  private readonly root: string;
  private readonly tools = new Map<string, string | null>();

  constructor(
    readonly session: SshSession,
    readonly target: NodeTarget,
  ) {
    this.root = (target.fsRoot ?? '').replace(/\/+$/, '');
  }

  /** The real path on the machine of a node path. */
  at(nodePath: string): string {
    return this.root + nodePath;
  }

  private get sudo(): boolean {
    return this.target.useSudo;
  }

  async read(nodePath: string): Promise<Buffer | null> {
    try {
      return await this.session.readFile(this.at(nodePath), { sudo: this.sudo });
    } catch (error) {
      if (error instanceof SshError && error.code === 'not-found') return null;
      throw error;
    }
  }

  async readText(nodePath: string): Promise<string | null> {
    return (await this.read(nodePath))?.toString('utf8') ?? null;
  }

  stat(nodePath: string): Promise<RemoteStat | null> {
    return this.session.stat(this.at(nodePath), { sudo: this.sudo });
  }

  /** Atomic replace (temp file next to it, checked, renamed); creates the parent folder (0755) when missing. */
  async write(nodePath: string, data: string | Buffer, mode: number): Promise<void> {
    await this.run(['mkdir', '-p', '--', this.at(directoryOf(nodePath))]);
    await this.session.writeFileAtomic(this.at(nodePath), data, { sudo: this.sudo, mode });
  }

  async remove(nodePath: string): Promise<void> {
    await this.run(['rm', '-f', '--', this.at(nodePath)]);
  }

  /** Run a command (through sudo when configured) and fail with its stderr when it exits non-zero. */
  async run(argv: string[], stdin?: string): Promise<string> {
    const result = await this.session.check(argv, { sudo: this.sudo, stdin });
    return result.stdout.toString('utf8');
  }

  exec(argv: string[]): Promise<ExecResult> {
    return this.session.exec(argv, { sudo: this.sudo });
  }

  async script(text: string, args: string[]): Promise<string> {
    return this.run(['sh', '-c', text, 'auditscope', ...args]);
  }

  /** Absolute path of crictl on the node, or null. */
  crictl(): Promise<string | null> {
    return this.tool('crictl');
  }

  /** Absolute path of a tool (crictl, kubectl) on the node, looking in the usual folders, or null. */
  async tool(name: 'crictl' | 'kubectl'): Promise<string | null> {
    if (this.tools.has(name)) return this.tools.get(name)!;
    const candidates = this.root ? [this.at('/usr/local/bin'), this.at('/usr/bin')] : [];
    const out = await this.session.exec(['sh', '-c', FIND_TOOL, 'find-tool', name, ...candidates]);
    const path = out.stdout.trim().split('\n')[0] || null;
    this.tools.set(name, path);
    return path;
  }
}
