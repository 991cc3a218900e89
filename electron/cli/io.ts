// Shared plumbing for CLI command modules: exit codes, errors and file reading.
import { readFile } from 'node:fs/promises';

/** Exit codes: 0 success, 1 the input was judged invalid/refused, 2 usage or I/O error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

export interface CliCommandModule {
  /** argv without the domain word; returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 2);
  }
}

export function printJsonLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
