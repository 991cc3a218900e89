// The options and help text every SSH command shares. Kept apart from ssh-options.ts (which loads ssh2) so that a
// command's --help, and commands that only name an SSH command, start without loading the SSH stack.

export const SSH_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-key': { type: 'boolean' },
  sudo: { type: 'boolean' },
} as const;

/** The connection part of a usage line; continues on an indented second line. */
export const SSH_SYNOPSIS =
  '--host H [--port P] --user U [--identity KEYFILE] [--known-hosts FILE]\n         [--accept-new-host-key] [--sudo]';

export const SSH_ENV = {
  keyPassphrase: 'AUDITSCOPE_KEY_PASSPHRASE',
  sshPassword: 'AUDITSCOPE_SSH_PASSWORD',
  sudoPassword: 'AUDITSCOPE_SUDO_PASSWORD',
} as const;

export const SSH_NOTES = `
Connection:
  --host H, --port P (default 22), --user U: the node and the account to log in as
  --identity KEYFILE: a private key; else the ssh-agent in SSH_AUTH_SOCK; else a password
  --sudo: run privileged commands with sudo (sudo -n when no sudo password is given)
  --known-hosts FILE: check host keys against FILE (default: ~/.ssh/known_hosts and the app's known_hosts)
  --accept-new-host-key: trust and record a key not seen before (in FILE, else the app's known_hosts);
      a changed key is always refused
Secrets never go on the command line: ${SSH_ENV.keyPassphrase}, ${SSH_ENV.sshPassword} and ${SSH_ENV.sudoPassword}
are read from the environment; one that is needed and not set is asked for on a terminal.`;
