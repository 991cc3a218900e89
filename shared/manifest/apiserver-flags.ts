// Reading command-line flags out of a container's `command`/`args` list, in both spellings kube-apiserver
// accepts: `--flag=value` as one item, or `--flag` followed by `value` as the next item.
import { isScalar, type Scalar, type YAMLSeq } from 'yaml';
import { scalarText } from './yaml-nodes.ts';

/** Audit flags that pflag parses as booleans: they never take the next item as their value. */
export const BOOLEAN_AUDIT_FLAGS: ReadonlySet<string> = new Set([
  'audit-log-compress',
  'audit-log-batch-throttle-enable',
  'audit-log-truncate-enabled',
  'audit-webhook-batch-throttle-enable',
  'audit-webhook-truncate-enabled',
]);

export type FlagList = 'command' | 'args';

export interface FlagOccurrence {
  /** Without the leading dashes, e.g. "audit-log-path". */
  name: string;
  /** undefined for a bare boolean flag such as `--audit-log-compress`. */
  value: string | undefined;
  form: 'equals' | 'separate' | 'bare';
  list: FlagList;
  seq: YAMLSeq;
  flagItem: Scalar;
  valueItem?: Scalar;
}

export function isAuditFlag(name: string): boolean {
  return name.startsWith('audit-');
}

export function parseFlags(seq: YAMLSeq, list: FlagList): FlagOccurrence[] {
  const flags: FlagOccurrence[] = [];
  const items = seq.items;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const text = scalarText(item);
    if (!isScalar(item) || text === undefined || !text.startsWith('--') || text === '--') continue;
    const equals = text.indexOf('=');
    if (equals >= 0) {
      flags.push({
        name: text.slice(2, equals),
        value: text.slice(equals + 1),
        form: 'equals',
        list,
        seq,
        flagItem: item,
      });
      continue;
    }
    const name = text.slice(2);
    const next = items[index + 1];
    const nextText = scalarText(next);
    if (!BOOLEAN_AUDIT_FLAGS.has(name) && isScalar(next) && nextText !== undefined && !nextText.startsWith('--')) {
      flags.push({ name, value: nextText, form: 'separate', list, seq, flagItem: item, valueItem: next });
      index++;
    } else {
      flags.push({ name, value: undefined, form: 'bare', list, seq, flagItem: item });
    }
  }
  return flags;
}
