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

export const S_STAGE = 0;
export const S_LEVEL = 1;
export const S_VERB = 2;
export const S_USER = 3;
export const S_NS = 4;
export const S_RESOURCE = 5;
export const S_SUBRESOURCE = 6;
export const S_NAME = 7;
export const S_APIGROUP = 8;
export const S_APIVERSION = 9;
export const S_AUDITID = 10;
export const S_USERAGENT = 11;
export const S_DECISION = 12;
export const S_REASON = 13;
export const S_IMPERSONATED = 14;
export const S_URI = 15;

/** Multi-valued fields stored as codes of value sets (the set's values joined by NUL). */
export const MULTI_COLUMNS = ['group', 'sourceip'] as const;
export type MultiColumn = (typeof MULTI_COLUMNS)[number];
export const M_GROUP = 0;
export const M_SOURCEIP = 1;

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
