// Checks shared by every editor before any structure is trusted: templates, YAML errors, document count.
import { parseAllDocuments, type Document } from 'yaml';
import { ManifestRefusal, type Refusal } from './result.ts';
import type { SourceText } from './source-text.ts';

const TEMPLATE_MARKERS = /\{\{|\{%|\{#/;

/** Refuses Go/Jinja templates: what they render to is not known, so no edit of them can be trusted. */
export function refuseTemplates(source: SourceText): void {
  const match = TEMPLATE_MARKERS.exec(source.body);
  if (match) {
    throw new ManifestRefusal(
      'invalid-yaml',
      `this is a template, not a manifest: it contains "${match[0]}" (Go template / Jinja2 syntax); edit the rendered file instead`,
      match.index,
    );
  }
}

/** Parses every document, refusing YAML errors (such as tab indentation) with their position. */
export function parseDocuments(source: SourceText): Document.Parsed[] {
  const parsed = parseAllDocuments(source.body);
  const documents = Array.isArray(parsed) ? parsed : [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ManifestRefusal('invalid-yaml', `invalid YAML: ${message}`, error.pos[0]);
    }
  }
  return documents;
}

/** Parses a file that must hold exactly one YAML document. */
export function parseSingleDocument(source: SourceText, what: string): Document.Parsed {
  const documents = parseDocuments(source);
  if (documents.length === 0)
    throw new ManifestRefusal('not-apiserver-manifest', `the file is empty: no ${what} in it`);
  if (documents.length > 1) {
    throw new ManifestRefusal(
      'not-apiserver-manifest',
      `the file holds ${documents.length} YAML documents; a ${what} file holds exactly one`,
      documents[1]!.range[0],
    );
  }
  return documents[0]!;
}

export function toRefusal(source: SourceText, error: unknown): Refusal {
  if (!(error instanceof ManifestRefusal)) throw error;
  if (error.offset === undefined) return { ok: false, code: error.code, reason: error.reason };
  const { line, column } = source.position(Math.min(error.offset, source.body.length));
  return { ok: false, code: error.code, reason: error.reason, line, column };
}
