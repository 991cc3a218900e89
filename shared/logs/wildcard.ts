// Value patterns: exact, case-sensitive; `*` matches any run of characters, `\*` is a literal star.

export interface ValueMatcher {
  /** The literal value when the pattern has no wildcard. */
  exact: string | undefined;
  test(value: string): boolean;
}

export function compileValuePattern(pattern: string): ValueMatcher {
  const parts: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && pattern[i + 1] === '*') {
      parts[parts.length - 1] += '*';
      i++;
    } else if (c === '*') {
      parts.push('');
    } else {
      parts[parts.length - 1] += c;
    }
  }
  if (parts.length === 1) {
    const exact = parts[0];
    return { exact, test: (value) => value === exact };
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((part) => part.length > 0);
  const minLength = parts.reduce((sum, part) => sum + part.length, 0);
  return {
    exact: undefined,
    test(value: string): boolean {
      if (value.length < minLength || !value.startsWith(first) || !value.endsWith(last)) return false;
      let at = first.length;
      const limit = value.length - last.length;
      for (const part of middle) {
        const found = value.indexOf(part, at);
        if (found < 0 || found + part.length > limit) return false;
        at = found + part.length;
      }
      return true;
    },
  };
}
