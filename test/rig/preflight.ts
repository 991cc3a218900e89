// The rig needs root (users, sudoers drop-ins) and Debian's openssh-server and sudo. It never skips silently:
// as root with apt it installs what is missing, otherwise it fails naming what to install.
import { existsSync } from 'node:fs';
import { run } from './processes.ts';

const REQUIRED: { path: string; aptPackage: string }[] = [
  { path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
  { path: '/usr/bin/ssh-keygen', aptPackage: 'openssh-client' },
  { path: '/usr/bin/ssh-agent', aptPackage: 'openssh-client' },
  { path: '/usr/bin/sudo', aptPackage: 'sudo' },
  { path: '/usr/sbin/useradd', aptPackage: 'passwd' },
  { path: '/usr/sbin/chpasswd', aptPackage: 'passwd' },
];

let checked = false;

export function ensureRigPrerequisites(): void {
  if (checked) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the SSH test rig must run as root (it creates throwaway users and sudoers drop-ins); ' +
        'run the tests as root, e.g. in the CI container',
    );
  }
  let missing = REQUIRED.filter((item) => !existsSync(item.path));
  if (missing.length > 0 && existsSync('/usr/bin/apt-get')) {
    const packages = [...new Set(missing.map((item) => item.aptPackage))];
    run('/usr/bin/apt-get', ['install', '-y', '--no-install-recommends', ...packages], { allowFailure: true });
    missing = REQUIRED.filter((item) => !existsSync(item.path));
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((item) => item.aptPackage))].join(' ');
    throw new Error(
      `the SSH test rig needs ${missing.map((item) => item.path).join(', ')}; install them with: apt-get install -y ${packages}`,
    );
  }
  checked = true;
}
