// The project's one line/column lookup: yaml's LineCounter (which the YAML parser fills as it reads), built here for
// text that was not parsed as YAML. Lines and columns it reports are 1-based.
import { LineCounter } from 'yaml';

export function countLines(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) counter.addNewLine(at + 1);
  return counter;
}
