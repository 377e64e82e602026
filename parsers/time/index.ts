// Time normalisation: zones, year inference, monotonic mapping, the node's zone from its files.
export { parseOffset, formatOffset, isKnownZone, zoneOffsetAt, wallOffset, wallToUtcMicros, isoMicros, ZONE_ABBREVIATIONS } from './zone.ts';
export { yearRule, monthAt, type YearRule } from './year.ts';
export { mapMonotonic, bootTsFrom } from './monotonic.ts';
export { zoneFromTzif } from './tzif.ts';
export { parseDateOutput, zoneFromDateOutput, type DateOutput } from './date-output.ts';
