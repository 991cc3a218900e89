// `npm run sample`: rewrites the bundled sample log ("Try the sample log") with the project's audit-log generator
// and its sample preset. test/unit/sample-log.test.ts checks that the committed file is exactly what this makes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditLogBytes, SAMPLE_LOG_OPTIONS } from '../../test/support/audit-log-generator.ts';

const target = fileURLToPath(new URL('../../electron/backend/logs-service/sample/sample-audit.log', import.meta.url));
const bytes = auditLogBytes(SAMPLE_LOG_OPTIONS);
writeFileSync(target, bytes);
const events = bytes.toString('latin1').split('\n').length - 1;
process.stdout.write(`wrote ${target}: ${events} events, ${bytes.length} bytes\n`);
