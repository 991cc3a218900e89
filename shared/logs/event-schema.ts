// Column identifiers shared by the scanner, the segment builder, the index and the query compiler.

/** String fields stored as dictionary codes, in column order. */
export const STRING_COLUMNS = [
  'stage',
  'level',
  'verb',
  'user',
  'ns',
  'resource',
  'subresource',
  'name',
  'apigroup',
  'apiversion',
  'auditid',
  'useragent',
  'decision',
  'reason',
  'impersonated',
  'uri',
] as const;
export type StringColumn = (typeof STRING_COLUMNS)[number];

function stringColumn(name: StringColumn): number {
  return STRING_COLUMNS.indexOf(name);
}

// Column numbers, by name (the list above is their one source).

export const S_STAGE = stringColumn('stage');
export const S_LEVEL = stringColumn('level');
export const S_VERB = stringColumn('verb');
export const S_USER = stringColumn('user');
export const S_NS = stringColumn('ns');
export const S_RESOURCE = stringColumn('resource');
export const S_SUBRESOURCE = stringColumn('subresource');
export const S_NAME = stringColumn('name');
export const S_APIGROUP = stringColumn('apigroup');
export const S_APIVERSION = stringColumn('apiversion');
export const S_AUDITID = stringColumn('auditid');
export const S_USERAGENT = stringColumn('useragent');
export const S_DECISION = stringColumn('decision');
export const S_REASON = stringColumn('reason');
export const S_IMPERSONATED = stringColumn('impersonated');
export const S_URI = stringColumn('uri');

/** Multi-valued fields stored as codes of value sets (the set's values joined by NUL). */
export const MULTI_COLUMNS = ['group', 'sourceip'] as const;
export type MultiColumn = (typeof MULTI_COLUMNS)[number];
export const M_GROUP = MULTI_COLUMNS.indexOf('group');
export const M_SOURCEIP = MULTI_COLUMNS.indexOf('sourceip');

/** The string and multi columns an index fills (by number); a one-shot query needs only the ones it reads. */
export interface ColumnSelection {
  strings: readonly number[];
  multis: readonly number[];
  /** Whether the stage and request timestamps are read into the time and received columns. */
  times: boolean;
}

/** Separator between the values of a set in its dictionary key. */
export const SET_SEPARATOR = 0;

/** How the raw bytes of an event are stored in its source file. */
export const RECORD_JSON = 0;
export const RECORD_LEGACY = 1;
/** A JSON object whose `properties.log` string holds the event (Azure diagnostic records). */
export const RECORD_WRAPPED = 2;

/** Numeric column values are stored +1 so that 0 means "absent". */
export const NUMBER_ABSENT = 0;
