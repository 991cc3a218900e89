// A faithful port of k8s.io/apiserver pkg/apis/audit/validation ValidatePolicy: same checks, same order,
// same field-error strings (apimachinery's field.Error formatting), depending on the Kubernetes version.
import { goJsonStringSlice, goQuote, goSyntaxStringSlice } from './go-format.ts';
import { formatPath, rangeOf, type ParsedPolicy, type PolicyPath } from './parse.ts';
import {
  LEVELS,
  STAGES,
  type Diagnostic,
  type GroupResources,
  type KubeVersion,
  type Policy,
  type PolicyRule,
} from './types.ts';

/** One field error: `message` is exactly the apiserver's string; `at` is the precise (indexed) location. */
export interface FieldError {
  message: string;
  at: PolicyPath;
}

const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/** Group "*" (every API group) was added in Kubernetes 1.36. */
export function supportsGroupWildcard(version: KubeVersion): boolean {
  return version.minor >= 36;
}

/** apimachinery prints list values as JSON from 1.34, as Go syntax before. */
function formatList(values: readonly string[], version: KubeVersion): string {
  return version.minor >= 34 ? goJsonStringSlice(values) : goSyntaxStringSlice(values);
}

class FieldErrors {
  readonly list: FieldError[] = [];
  constructor(private readonly version: KubeVersion) {}

  required(field: string, at: PolicyPath) {
    this.list.push({ message: `${field}: Required value`, at });
  }
  notSupported(field: string, value: string, supported: readonly string[], at: PolicyPath) {
    const detail = `supported values: ${supported.map(goQuote).join(', ')}`;
    this.list.push({ message: `${field}: Unsupported value: ${goQuote(value)}: ${detail}`, at });
  }
  invalid(field: string, value: string | readonly string[], detail: string, at: PolicyPath) {
    const shown = typeof value === 'string' ? goQuote(value) : formatList(value, this.version);
    this.list.push({ message: `${field}: Invalid value: ${shown}: ${detail}`, at });
  }
}

/** The field errors of ValidatePolicy, in the apiserver's order. */
export function validatePolicyFields(policy: Policy, version: KubeVersion): FieldError[] {
  const errors = new FieldErrors(version);
  validateOmitStages(errors, policy.omitStages, ['omitStages']);
  policy.rules.forEach((rule, index) => validateRule(errors, rule, ['rules', index], version));
  return errors.list;
}

/** ValidatePolicy as diagnostics (code "validation"), with paths; no source ranges. */
export function validatePolicy(policy: Policy, version: KubeVersion): Diagnostic[] {
  return validatePolicyFields(policy, version).map((error) => toDiagnostic(error));
}

/** ValidatePolicy on parsed text: the same diagnostics, each with its source range. */
export function validateParsedPolicy(parsed: ParsedPolicy, version: KubeVersion): Diagnostic[] {
  if (!parsed.policy) return [];
  return validatePolicyFields(parsed.policy, version).map((error) => toDiagnostic(error, parsed));
}

/** How the apiserver joins several errors into one (utilerrors.NewAggregate, duplicates removed). */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function toDiagnostic(error: FieldError, parsed?: ParsedPolicy): Diagnostic {
  const range = parsed ? rangeOf(parsed, error.at) : undefined;
  const rule = error.at[0] === 'rules' && typeof error.at[1] === 'number' ? error.at[1] : undefined;
  return {
    code: 'validation',
    severity: 'error',
    message: error.message,
    path: formatPath(error.at),
    ...(range ? { range } : {}),
    ...(rule !== undefined ? { rule } : {}),
  };
}

function validateOmitStages(errors: FieldErrors, stages: readonly string[], at: PolicyPath) {
  stages.forEach((stage, index) => {
    if ((STAGES as readonly string[]).includes(stage)) return;
    const path = [...at, index];
    errors.invalid(formatPath(path), stage, `allowed stages are ${STAGES.join(',')}`, path);
  });
}

function validateRule(errors: FieldErrors, rule: PolicyRule, at: PolicyPath, version: KubeVersion) {
  validateLevel(errors, rule.level, [...at, 'level']);
  validateNonResourceURLs(errors, rule.nonResourceURLs, [...at, 'nonResourceURLs']);
  validateResources(errors, rule.resources, [...at, 'resources'], version);
  validateOmitStages(errors, rule.omitStages, [...at, 'omitStages']);
  if (rule.nonResourceURLs.length > 0 && (rule.resources.length > 0 || rule.namespaces.length > 0)) {
    const path = [...at, 'nonResourceURLs'];
    errors.invalid(
      formatPath(path),
      rule.nonResourceURLs,
      'rules cannot apply to both regular resources and non-resource URLs',
      path,
    );
  }
}

function validateLevel(errors: FieldErrors, level: string, at: PolicyPath) {
  if ((LEVELS as readonly string[]).includes(level)) return;
  if (level === '') errors.required(formatPath(at), at);
  else errors.notSupported(formatPath(at), level, LEVELS, at);
}

function validateNonResourceURLs(errors: FieldErrors, urls: readonly string[], at: PolicyPath) {
  urls.forEach((url, index) => {
    if (url === '*') return;
    const path = [...at, index];
    if (!url.startsWith('/')) {
      errors.invalid(formatPath(path), url, "non-resource URL rules must begin with a '/' character", path);
    }
    if (url !== '' && url.slice(0, -1).includes('*')) {
      errors.invalid(
        formatPath(path),
        url,
        "non-resource URL wildcards '*' must be the final character of the rule",
        path,
      );
    }
  });
}

function validateResources(
  errors: FieldErrors,
  entries: readonly GroupResources[],
  at: PolicyPath,
  version: KubeVersion,
) {
  // The apiserver's field path has no index here: "rules[0].resources.group".
  const field = formatPath(at);
  entries.forEach((entry, index) => {
    const group = entry.group;
    if (group !== '' && !(group === '*' && supportsGroupWildcard(version))) {
      const messages = dnsSubdomainErrors(group);
      if (messages.length > 0) errors.invalid(`${field}.group`, group, messages.join(','), [...at, index, 'group']);
    }
    if (entry.resourceNames.length > 0 && entry.resources.length === 0) {
      errors.invalid(
        `${field}.resourceNames`,
        entry.resourceNames,
        'using resourceNames requires at least one resource',
        [...at, index, 'resourceNames'],
      );
    }
  });
}

/** validation.IsDNS1123Subdomain: length first, then the pattern. Go measures length in bytes. */
function dnsSubdomainErrors(value: string): string[] {
  const messages: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    messages.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    messages.push(
      `${DNS1123_SUBDOMAIN_MESSAGE} (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN_FMT}')`,
    );
  }
  return messages;
}

function utf8Length(value: string): number {
  let bytes = 0;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
