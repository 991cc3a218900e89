// Run by logs-ingest.bench.ts under /usr/bin/time: DuckDB reads the file with an explicit column list and counts
// the query's matches. argv: module path of @duckdb/node-api, file, and "query" (only the two columns the query
// reads) or "index" (the fields Auditscope's index holds, loaded into a table first, as the explorer needs them).
// Plain JS so that it starts like a peer tool would.
const [modulePath, file, mode] = process.argv.slice(2);
const { DuckDBInstance } = await import(modulePath);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = file.replace(/'/g, "''");
const QUERY_COLUMNS = `{verb: 'VARCHAR', objectRef: 'STRUCT(resource VARCHAR)'}`;
const INDEX_COLUMNS = `{level: 'VARCHAR', auditID: 'VARCHAR', stage: 'VARCHAR', requestURI: 'VARCHAR', verb: 'VARCHAR',
  user: 'STRUCT(username VARCHAR, groups VARCHAR[])', impersonatedUser: 'STRUCT(username VARCHAR)',
  sourceIPs: 'VARCHAR[]', userAgent: 'VARCHAR',
  objectRef: 'STRUCT(resource VARCHAR, namespace VARCHAR, name VARCHAR, apiGroup VARCHAR, apiVersion VARCHAR, subresource VARCHAR)',
  responseStatus: 'STRUCT(code INTEGER)', requestReceivedTimestamp: 'TIMESTAMP', stageTimestamp: 'TIMESTAMP',
  annotations: 'MAP(VARCHAR, VARCHAR)'}`;
const read = (columns) => `read_json('${quoted}', format = 'newline_delimited', columns = ${columns})`;
const WHERE = `WHERE verb = 'delete' AND objectRef.resource = 'secrets'`;
let sql = `SELECT count(*) FROM ${read(QUERY_COLUMNS)} ${WHERE}`;
if (mode === 'index') {
  await connection.run(`CREATE TABLE events AS SELECT * FROM ${read(INDEX_COLUMNS)}`);
  sql = `SELECT count(*) FROM events ${WHERE}`;
}
const reader = await connection.runAndReadAll(sql);
console.log(String(reader.getRows()[0][0]));
