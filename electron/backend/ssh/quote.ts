// The one place that turns arguments into a remote POSIX shell command line. sshd hands the command string to the
// user's login shell, so every argument must survive `sh -c` unchanged: nothing else may build remote shell text.

/** Thrown for arguments that cannot be passed through a shell at all (a NUL byte ends a C string). */
export class UnquotableArgumentError extends Error {
  constructor(readonly index: number) {
    super(`argument ${index} contains a NUL byte, which cannot be passed to a remote command`);
    this.name = 'UnquotableArgumentError';
  }
}

/**
 * Quote one argument for a POSIX shell: wrap it in single quotes (inside which nothing is special) and write each
 * single quote as `'\''` (close, escaped quote, reopen). Works for every byte except NUL.
 */
export function quote(arg: string, index = 0): string {
  if (arg.includes('\0')) throw new UnquotableArgumentError(index);
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Build a remote command line from an argv array; each word is quoted, so no word is ever interpreted. */
export function command(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('cannot build a remote command from an empty argv');
  return argv.map((arg, index) => quote(arg, index)).join(' ');
}
