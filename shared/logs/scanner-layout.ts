// The WebAssembly scanner's interface as numbers: column numbers (from the event schema's column lists), the slots
// of its output area and its line kinds. The TypeScript client reads it here; the AssemblyScript module reads the
// same numbers from shared/wasm/layout.generated.ts, written from this file by build/scripts/gen-scanner-layout.ts.
import { MULTI_COLUMNS, STRING_COLUMNS } from './event-schema.ts';

/** Values per multi column the output area has room for (an event with more goes to the JavaScript scanner). */
export const MAX_MULTI = 64;

// Output area, in i32 slots: [start, end, hash] per string column, then the rest. Starts are memory addresses;
// -1 is "absent".
export const OUT_ASCII = 3 * STRING_COLUMNS.length; // bit per string column: its value is all ASCII
export const OUT_CODE = OUT_ASCII + 1; // responseStatus.code, or -1
export const OUT_TIMES = OUT_CODE + 1; // [start, end] of stageTimestamp, requestReceivedTimestamp, timestamp
export const OUT_MULTI_COUNT = OUT_TIMES + 2 * 3; // values per multi column, or -1 when the array is absent
export const OUT_OBJECT_START = OUT_MULTI_COUNT + MULTI_COLUMNS.length; // where the event's JSON object starts
export const OUT_LINE_END = OUT_OBJECT_START + 1; // the line's end without its newline (and a \r before it)
export const OUT_NEWLINE = OUT_LINE_END + 1; // the newline that ends the line
export const OUT_MULTI = align4(OUT_NEWLINE + 1); // [start, end] per value: MAX_MULTI per multi column
export const OUT_MICROS = OUT_MULTI + 2 * MULTI_COLUMNS.length * MAX_MULTI; // 3 float64: times in µs, or NaN
export const OUT_SLOTS = OUT_MICROS + 3 * 2;

// What scanNext() found.
export const LINE_OTHER = 0; // a line for the JavaScript scanner
export const LINE_EVENT = 1; // an audit event, its fields in the output area
export const LINE_PARTIAL = 2; // no newline before the end of the buffer

/** Every constant the AssemblyScript module needs, by the name it uses. */
export function scannerLayoutConstants(): [string, number][] {
  return [
    ...STRING_COLUMNS.map((name, index): [string, number] => [`S_${name.toUpperCase()}`, index]),
    ['STRING_COLUMNS', STRING_COLUMNS.length],
    ...MULTI_COLUMNS.map((name, index): [string, number] => [`M_${name.toUpperCase()}`, index]),
    ['MULTI_COLUMNS', MULTI_COLUMNS.length],
    ['MAX_MULTI', MAX_MULTI],
    ['OUT_ASCII', OUT_ASCII],
    ['OUT_CODE', OUT_CODE],
    ['OUT_TIMES', OUT_TIMES],
    ['OUT_MULTI_COUNT', OUT_MULTI_COUNT],
    ['OUT_OBJECT_START', OUT_OBJECT_START],
    ['OUT_LINE_END', OUT_LINE_END],
    ['OUT_NEWLINE', OUT_NEWLINE],
    ['OUT_MULTI', OUT_MULTI],
    ['OUT_MICROS', OUT_MICROS],
    ['OUT_SLOTS', OUT_SLOTS],
    ['LINE_OTHER', LINE_OTHER],
    ['LINE_EVENT', LINE_EVENT],
    ['LINE_PARTIAL', LINE_PARTIAL],
  ];
}

/** A round start for the multi area, which also keeps the float64 area after it 8-byte aligned. */
function align4(slot: number): number {
  return (slot + 3) & ~3;
}
