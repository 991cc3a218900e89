// End-to-end check and rough measurements of the OpenSearch test cluster:
// node --import tsx test/opensearch/smoke.ts [docs] [jvm options...]   (default 100000 documents)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startOpenSearchCluster, type ClusterHealth } from './cluster.ts';

const docs = Number(process.argv[2] ?? 100_000);
const jvmArgs = process.argv.slice(3);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

interface Count {
  count: number;
}
interface NodesProcess {
  nodes: Record<string, { name: string; process: { id: number } }>;
}

async function call<T = unknown>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const ndjson = typeof body === 'string';
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const resources = ['pods', 'secrets', 'configmaps', 'deployments', 'leases', 'events', 'nodes', 'services'];
function auditEvent(n: number) {
  return {
    '@timestamp': new Date(Date.UTC(2026, 0, 1) + n * 10).toISOString(),
    auditID: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    stage: 'ResponseComplete',
    verb: verbs[n % verbs.length],
    user: { username: `system:serviceaccount:ns-${n % 50}:sa-${n % 7}` },
    objectRef: { resource: resources[n % resources.length], namespace: `ns-${n % 50}`, name: `obj-${n % 1000}` },
    responseStatus: { code: n % 97 === 0 ? 403 : 200 },
  };
}

let t = process.hrtime.bigint();
const cluster = await startOpenSearchCluster({ jvmArgs });
console.log(`started ${cluster.urls.length} nodes in ${ms(t).toFixed(0)} ms: ${cluster.urls.join(' ')}`);
const [url0, url1] = cluster.urls as [string, string];
try {
  t = process.hrtime.bigint();
  await cluster.waitForHealth('green');
  console.log(`green after ${ms(t).toFixed(0)} ms more`);

  const processes = await call<NodesProcess>(`${url0}/_nodes/process`);
  for (const node of Object.values(processes.nodes)) {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node.process.id}/status`, 'utf8'))?.[1];
    console.log(`${node.name}: pid ${node.process.id}, RSS ${Math.round(Number(rss) / 1024)} MiB after start`);
  }

  await call(`${url0}/audit`, 'PUT', {
    settings: { number_of_shards: 2, number_of_replicas: 1 },
    mappings: {
      dynamic: 'strict',
      properties: {
        '@timestamp': { type: 'date' },
        auditID: { type: 'keyword' },
        stage: { type: 'keyword' },
        verb: { type: 'keyword' },
        user: { properties: { username: { type: 'keyword' } } },
        objectRef: {
          properties: { resource: { type: 'keyword' }, namespace: { type: 'keyword' }, name: { type: 'keyword' } },
        },
        responseStatus: { properties: { code: { type: 'short' } } },
      },
    },
  });
  await cluster.waitForHealth('green');

  // _bulk in batches of 5,000, two requests in flight (one per node), as a shipper would.
  const batch = 5000;
  t = process.hrtime.bigint();
  let next = 0;
  const worker = async (url: string) => {
    while (next < docs) {
      const from = next;
      next += batch;
      let body = '';
      for (let n = from; n < Math.min(from + batch, docs); n++)
        body += `{"index":{}}\n${JSON.stringify(auditEvent(n))}\n`;
      const result = await call<{ errors: boolean }>(`${url}/audit/_bulk`, 'POST', body);
      assert.equal(result.errors, false);
    }
  };
  await Promise.all([worker(url0), worker(url1)]);
  const loadMs = ms(t);
  await call(`${url0}/audit/_refresh`, 'POST');
  console.log(
    `bulk: ${docs} docs in ${loadMs.toFixed(0)} ms = ${Math.round((docs / loadMs) * 1000)} events/s (refresh after: ${ms(t).toFixed(0)} ms total)`,
  );

  const countMs: number[] = [];
  const aggMs: number[] = [];
  for (let run = 0; run < 20; run++) {
    t = process.hrtime.bigint();
    const count = await call<Count>(`${url0}/audit/_count`);
    countMs.push(ms(t));
    assert.equal(count.count, docs);
    t = process.hrtime.bigint();
    const agg = await call<{ aggregations: { users: { buckets: unknown[] } } }>(
      `${url0}/audit/_search?request_cache=false`,
      'POST',
      {
        size: 0,
        query: { range: { '@timestamp': { gte: '2026-01-01T00:00:00Z' } } },
        aggs: { users: { terms: { field: 'user.username', size: 20 }, aggs: { verbs: { terms: { field: 'verb' } } } } },
      },
    );
    aggMs.push(ms(t));
    assert.equal(agg.aggregations.users.buckets.length, 20);
  }
  console.log(
    `_count: first ${countMs[0]!.toFixed(1)} ms, median ${median(countMs).toFixed(1)} ms; terms agg (20x7 buckets over all docs): first ${aggMs[0]!.toFixed(1)} ms, median ${median(aggMs).toFixed(1)} ms`,
  );

  for (const node of Object.values(processes.nodes)) {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${node.process.id}/status`, 'utf8'))?.[1];
    console.log(`${node.name}: RSS ${Math.round(Number(rss) / 1024)} MiB after the load`);
  }

  // A node dies mid-operation: node-0 (the cluster manager) keeps answering with every document.
  t = process.hrtime.bigint();
  await cluster.killNode(1);
  const duringKill = await call<Count>(`${url0}/audit/_count`);
  assert.equal(duringKill.count, docs);
  const killedMs = ms(t);
  // node-0 notices the lost connection on its own; then its replicas are promoted and the index is yellow.
  const alone = await call<ClusterHealth>(
    `${url0}/_cluster/health?wait_for_nodes=1&wait_for_status=yellow&timeout=60s`,
  );
  const afterKill = await call<Count>(`${url0}/audit/_count`);
  assert.equal(afterKill.count, docs);
  console.log(
    `killed node-1: count from node-0 right away = ${duringKill.count} (${killedMs.toFixed(0)} ms); after ${ms(t).toFixed(0)} ms node-0 sees ${alone.number_of_nodes} node, ${alone.status}, count ${afterKill.count}`,
  );

  t = process.hrtime.bigint();
  await cluster.restartNode(1);
  const rejoinMs = ms(t);
  const green = await cluster.waitForHealth('green', 120_000);
  console.log(
    `restarted node-1: rejoined in ${rejoinMs.toFixed(0)} ms, ${green.status} after ${ms(t).toFixed(0)} ms with ${green.number_of_nodes} nodes`,
  );
  assert.equal((await call<Count>(`${url1}/audit/_count?preference=_local`)).count, docs);
} finally {
  t = process.hrtime.bigint();
  await cluster.stop();
  console.log(
    `stopped in ${ms(t).toFixed(0)} ms; ${cluster.dir} ${existsSync(cluster.dir) ? 'STILL EXISTS' : 'removed'}`,
  );
}
