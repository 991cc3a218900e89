// Query results must equal jq's on the same files: a generated log (JSON lines, text search included) and, as corpus
// tests, every JSON file of the real corpus (pretty-printed events, arrays, EventLists, Azure records, non-events).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openLogIndex, type LogIndex } from '../../electron/backend/logs/log-index.ts';
import { columnsForQuery } from '../../shared/logs/query-columns.ts';
import { parseQueryOrThrow } from '../../shared/logs/query-parser.ts';
import { writeAuditLog } from '../support/audit-log-generator.ts';
import { corpusPath, corpusTest } from '../support/corpus.ts';

/** jq definitions of "the events of a file" and of the indexed fields, mirroring the engine's documented rules. */
const PRELUDE = `
def isevent: type == "object" and (.kind == null or .kind == "Event")
  and (.apiVersion == null or ((.apiVersion | type) == "string" and (.apiVersion | startswith("audit.k8s.io/"))))
  and ((.auditID | type) == "string" or (.stage | type) == "string");
def unwrap: if type == "object" and .auditID == null and (.properties.log | type) == "string"
  then (.properties.log | fromjson) else . end;
def events: if type == "array" then .[]
  elif type == "object" and (.kind == "EventList" or (.kind == null and .auditID == null and (.items | type) == "array")) then .items[]
  elif type == "object" and .kind == null and .auditID == null and (.records | type) == "array" then .records[] | unwrap
  else unwrap end | select(isevent);
def us(t): (t[0:19] + "Z" | fromdateiso8601) * 1000000 + (t[20:26] | tonumber);
def key: [.auditID, .stage, (.stageTimestamp // .timestamp)] | tojson;
`;

function jq(filter: string, file: string, raw = false): string[] {
  const args = raw
    ? ['-r', '-R', `${PRELUDE} . as $line | ($line | fromjson?) | events as $e | $line | ${filter}`, file]
    : ['-r', `${PRELUDE} events | ${filter}`, file];
  const out = execFileSync('jq', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return out.split('\n').filter((line) => line.length > 0);
}

async function ours(index: LogIndex, q: string): Promise<string[]> {
  const keys: string[] = [];
  for (const id of index.matchingIds(q)) {
    const event = JSON.parse(await index.getEvent(id)) as Record<string, unknown>;
    keys.push(JSON.stringify([event.auditID, event.stage, event.stageTimestamp ?? event.timestamp]));
  }
  return keys;
}

const sorted = (values: string[]): string[] => [...values].sort();

// query → jq condition on the event (select(...) is added), or a raw-line condition for text terms.
const GENERATED_CASES: [string, string][] = [
  ['', 'true'],
  ['verb:delete', '.verb == "delete"'],
  ['verb:delete resource:secrets', '.verb == "delete" and .objectRef.resource == "secrets"'],
  [
    'user:system:serviceaccount:kube-system:*',
    '(.user.username // "") | startswith("system:serviceaccount:kube-system:")',
  ],
  ['group:system:masters', 'any(.user.groups[]?; . == "system:masters")'],
  ['ns:(prod OR staging)', '.objectRef.namespace == "prod" or .objectRef.namespace == "staging"'],
  ['code>=400', '.responseStatus.code != null and .responseStatus.code >= 400'],
  ['code:4*', '.responseStatus.code != null and (.responseStatus.code | tostring | startswith("4"))'],
  ['-stage:RequestReceived', '.stage != "RequestReceived"'],
  ['NOT verb:get AND NOT verb:list', '.verb != "get" and .verb != "list"'],
  ['decision:forbid', '.annotations["authorization.k8s.io/decision"] == "forbid"'],
  [
    'reason:*ClusterRoleBinding*',
    '(.annotations["authorization.k8s.io/reason"] // "") | contains("ClusterRoleBinding")',
  ],
  ['impersonated:*', '.impersonatedUser.username != null'],
  ['subresource:*', '.objectRef.subresource != null'],
  ['name:*-tls', '(.objectRef.name // "") | endswith("-tls")'],
  ['uri:*watch=true*', '(.requestURI // "") | contains("watch=true")'],
  ['useragent:kubectl*', '(.userAgent // "") | startswith("kubectl")'],
  ['sourceip:203.0.113.*', 'any(.sourceIPs[]?; startswith("203.0.113."))'],
  ['apigroup:rbac.authorization.k8s.io', '.objectRef.apiGroup == "rbac.authorization.k8s.io"'],
  ['apiversion:v1 -apigroup:*', '.objectRef.apiVersion == "v1" and .objectRef.apiGroup == null'],
  [
    'level:RequestResponse verb:(update OR patch)',
    '.level == "RequestResponse" and (.verb == "update" or .verb == "patch")',
  ],
  ['latency>500ms', '(us(.stageTimestamp) - us(.requestReceivedTimestamp)) > 500000'],
  [
    'latency<=1ms stage:ResponseComplete',
    '.stage == "ResponseComplete" and (us(.stageTimestamp) - us(.requestReceivedTimestamp)) <= 1000',
  ],
  [
    'time>=2024-05-14T12:00:00Z time<2024-05-14T13:00:00Z',
    '.stageTimestamp >= "2024-05-14T12:00:00.000000Z" and .stageTimestamp < "2024-05-14T13:00:00.000000Z"',
  ],
  ['received<2024-05-14T01:00', '.requestReceivedTimestamp < "2024-05-14T01:00:00.000000Z"'],
  ['auditid:*ab*', '.auditID | contains("ab")'],
  [
    '(verb:create OR verb:delete) -user:system:*',
    '(.verb == "create" or .verb == "delete") and ((.user.username // "") | startswith("system:") | not)',
  ],
  ['objectRef.apiVersion:v1', '.objectRef.apiVersion == "v1"'],
  ['requestObject.kind:ConfigMap', '.requestObject.kind == "ConfigMap"'],
  [
    'annotations."authorization.k8s.io/decision":allow verb:watch',
    '.annotations["authorization.k8s.io/decision"] == "allow" and .verb == "watch"',
  ],
  ['responseStatus.code>=404', '(.responseStatus.code // 0) >= 404'],
  ['user.extra:*', '.user.extra != null'],
  ['requestObject.metadata.labels:* verb:create', '.requestObject.metadata.labels != null and .verb == "create"'],
  [
    'user.extra."authentication.kubernetes.io/pod-name":argocd*',
    'any(.user.extra["authentication.kubernetes.io/pod-name"][]?; startswith("argocd"))',
  ],
];

// Text terms are case-insensitive over the line as written: checked with jq -R on the raw line.
const TEXT_CASES: [string, string][] = [
  ['kafka', 'ascii_downcase | contains("kafka")'],
  ['"Forbidden"', 'ascii_downcase | contains("forbidden")'],
  ['KUBE-PROXY verb:list', '(ascii_downcase | contains("kube-proxy")) and $e.verb == "list"'],
  [
    '-watch code:200 dashboard',
    '(ascii_downcase | contains("watch") | not) and $e.responseStatus.code == 200 and (ascii_downcase | contains("dashboard"))',
  ],
];

let directory = '';
let generated = '';
let index: LogIndex;

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'auditscope-logs-jq-'));
  generated = join(directory, 'generated.jsonl');
  writeAuditLog(generated, { size: 5e6, seed: 7 });
  index = openLogIndex([generated]);
  await index.ready;
});

after(() => {
  index?.close();
  rmSync(directory, { recursive: true, force: true });
});

test('the generated log has every line as an event', () => {
  assert.equal(index.eventCount, jq('1', generated).length);
  assert.equal(index.skipped().total, 0);
});

for (const [q, condition] of GENERATED_CASES) {
  test(`generated log: ${q || '(empty query)'} equals jq`, async () => {
    const expected = jq(`select(${condition}) | key`, generated);
    const actual = await ours(index, q);
    assert.deepEqual(sorted(actual), sorted(expected));
    assert.equal(index.count(q), expected.length);
  });
}

for (const [q, condition] of TEXT_CASES) {
  test(`generated log, text search: ${q} equals jq -R`, async () => {
    const expected = jq(`select(${condition}) | $e | key`, generated, true);
    assert.ok(expected.length > 0 || q.startsWith('-'), `the case "${q}" should select something`);
    assert.deepEqual(sorted(await ours(index, q)), sorted(expected));
  });
}

test('a one-shot index of only the columns a query reads (logs query --count) gives the same matches', async () => {
  for (const [q] of [...GENERATED_CASES, ...TEXT_CASES]) {
    const columns = columnsForQuery(parseQueryOrThrow(q));
    const narrow = openLogIndex([generated], { columns });
    // With timestamps, as --json reads them for the time order.
    const timed = openLogIndex([generated], { columns: { ...columns, times: true } });
    await Promise.all([narrow.ready, timed.ready]);
    try {
      assert.equal(narrow.count(q), index.count(q), q);
      assert.deepEqual(timed.matchingIds(q), index.matchingIds(q), q);
    } finally {
      narrow.close();
      timed.close();
    }
  }
  // Columns outside the selection stay empty, so reading them is refused rather than answered wrongly.
  const narrow = openLogIndex([generated], { columns: columnsForQuery(parseQueryOrThrow('verb:delete'), ['user']) });
  await narrow.ready;
  try {
    assert.equal(narrow.top('user', 'verb:delete', 3)[0]!.count, index.top('user', 'verb:delete', 3)[0]!.count);
    assert.throws(() => narrow.count('resource:secrets'), /the field resource was not indexed by this one-shot query/);
    assert.throws(() => narrow.matchingIds('verb:delete'), /the field time was not indexed by this one-shot query/);
  } finally {
    narrow.close();
  }
});

test('results come in time order and --requests counts requests once', () => {
  const page = index.query('verb:delete', { limit: 1000 });
  for (let i = 1; i < page.rows.length; i++) assert.ok(page.rows[i - 1].time <= page.rows[i].time);
  const requests = jq('[.auditID, .requestReceivedTimestamp] | tojson', generated);
  assert.equal(index.count('', { requests: true }), new Set(requests).size);
  const deletes = jq('select(.verb == "delete") | [.auditID, .requestReceivedTimestamp] | tojson', generated);
  assert.equal(index.count('verb:delete', { requests: true }), new Set(deletes).size);
});

test('counts by level, stage and code class equal jq', () => {
  const tally = (filter: string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const key of jq(filter, generated)) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const counts = index.countsBy('');
  assert.deepEqual(counts.level, tally('.level'));
  assert.deepEqual(counts.stage, tally('.stage'));
  assert.deepEqual(
    counts.codeClass,
    tally('if .responseStatus.code == null then "none" else "\\(.responseStatus.code / 100 | floor)xx" end'),
  );
});

test('top values equal jq group_by counts', () => {
  const expected = JSON.parse(
    execFileSync(
      'jq',
      [
        '-s',
        '-c',
        'map(.user.username) | group_by(.) | map({value: .[0], count: length}) | sort_by(-.count, .value) | .[0:5]',
        generated,
      ],
      {
        encoding: 'utf8',
      },
    ),
  ) as { value: string; count: number }[];
  assert.deepEqual(index.top('user', '', 5), expected);
  const codes = JSON.parse(
    execFileSync(
      'jq',
      [
        '-s',
        '-c',
        'map(select(.responseStatus.code != null) | .responseStatus.code) | group_by(.) | map({value: .[0], count: length}) | sort_by(-.count, .value)',
        generated,
      ],
      {
        encoding: 'utf8',
      },
    ),
  ) as { value: number; count: number }[];
  assert.deepEqual(index.top('code', '', 100), codes);
});

function jsonFilesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? jsonFilesUnder(path) : name.endsWith('.json') ? [path] : [];
  });
}

const CORPUS_QUERIES: [string, string][] = [
  ['', 'true'],
  ['verb:create', '.verb == "create"'],
  ['resource:*', '.objectRef.resource != null'],
  ['level:RequestResponse', '.level == "RequestResponse"'],
  ['user:system:*', '(.user.username // "") | startswith("system:")'],
  ['code>=200 code<300', '.responseStatus.code != null and .responseStatus.code >= 200 and .responseStatus.code < 300'],
  ['requestObject.spec.hostNetwork:true', '.requestObject.spec.hostNetwork == true'],
  ['time>=2018-01-01', '(.stageTimestamp // .timestamp) >= "2018-01-01T00:00:00"'],
];

corpusTest('every JSON file of the corpus: events and queries equal jq', async (t) => {
  const corpus = corpusPath('corpus/auditlogs');
  for (const file of jsonFilesUnder(corpus)) {
    await t.test(file.slice(corpus.length + 1), async () => {
      const corpusIndex = openLogIndex([file], { workers: 0 });
      await corpusIndex.ready;
      try {
        for (const [q, condition] of CORPUS_QUERIES) {
          const expected = jq(`select(${condition}) | key`, file);
          assert.deepEqual(sorted(await ours(corpusIndex, q)), sorted(expected), `query ${q || '(empty)'}`);
        }
        // Whatever is not an event is reported, never dropped silently.
        const total = jq('1', file).length;
        if (total === 0) assert.ok(corpusIndex.skipped().total > 0, 'a file without events reports why');
      } finally {
        corpusIndex.close();
      }
    });
  }
});

corpusTest('known corpus shapes give the expected number of events', async () => {
  const expectations: [string, number][] = [
    ['sysdiglabs-aks-audit-log__eventhub-records-batch.json', 22],
    ['sysdiglabs-aks-audit-log__sample_EventHubs_event.bom.json', 1],
    ['sysdiglabs-aks-audit-log__sample_KubeAuditLog_event.bom.pretty.json', 1],
    ['afcollins-kube-audit-log-tool__single-event.pretty.json', 1],
    ['docs-extracts/kubernetes-website-2017__v1alpha1-webhook-EventList.json', 1],
    ['falco-trace-files/create_configmap_sensitive_values.json', 6],
    ['falco-trace-files/fal_01_003.json', 0],
    ['khi__oss-test-log.event.yaml', 0],
  ];
  for (const [name, events] of expectations) {
    const corpusIndex = openLogIndex([corpusPath(`corpus/auditlogs/${name}`)], { workers: 0 });
    await corpusIndex.ready;
    assert.equal(corpusIndex.eventCount, events, name);
    corpusIndex.close();
  }
});
