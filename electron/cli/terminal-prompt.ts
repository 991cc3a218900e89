// Asking the person at the terminal for a secret: never echoed, never in argv. Without a terminal on stdin the
// commands read the AUDITSCOPE_* environment variables only.
import { CliError } from './io.ts';

export function canPrompt(): boolean {
  return process.stdin.isTTY === true;
}

/** Reads one line from the terminal without echoing it; Ctrl-C cancels with exit 2. */
export function promptSecret(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    // No echo before the question shows, so an answer typed ahead is not echoed either.
    stdin.setRawMode?.(true);
    process.stderr.write(question);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 2));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    stdin.on('data', onData);
  });
}
