// `auditscope logs tail`: the command's options and help. Following a node's audit log (logs-tail-run.ts) loads the
// SSH stack, so it is imported only when the command runs.
import type { Command } from './command.ts';
import { SSH_NOTES, SSH_SYNOPSIS } from './ssh-usage.ts';

export const DEFAULT_LOG = '/var/log/kubernetes/audit/audit.log';

export const tailCommand: Command = {
  name: 'tail',
  summary: "Follow a node's audit log over SSH and print the matching events as they arrive.",
  usage: `usage: auditscope logs tail ${SSH_SYNOPSIS} [--log-path P] [--from end|current|all] [--q QUERY] [--json]
         [--node NAME] [--cluster NAME]

Follows the audit log on a node across rotations and reconnects after a dropped connection without losing or
repeating events. Prints matching events as they arrive (a line each, or the raw events as JSON lines with
--json); connection states go to stderr. Stop with Ctrl-C (exit 0).
  --log-path P     the audit log on the node (default ${DEFAULT_LOG})
  --from end       only new events (the default); current: the active file from its start; all: the rotated
                   backups too
  --q QUERY        only events matching QUERY (see "auditscope logs help-query")
  --node NAME, --cluster NAME  the node and cluster fields of the events (default: the host)
${SSH_NOTES}
Exit 0 stopped, 1 invalid query or refused (host key, login, sudo), 2 usage or connection error.`,
  // The runner loads the SSH stack and the live source: only when tailing, not for every logs command.
  run: async (argv) => (await import('./logs-tail-run.ts')).tail(tailCommand, argv),
};
