// The bundle room's public face: what a path is, and one pass over a bundle.
export { classifyEntry, nodeKey, nodeFromPath, type Classification, type EntryKind, type FactId } from './classify.ts';
export { readBundle } from './read.ts';
export { retimeRecord, retimeTs } from './retime.ts';
export type { Layout } from './layout.ts';
export type { BundleNode, BundleScan, ReadBundleOptions, SourceSummary } from './types.ts';
export { isBundleInput, openBundleMember, openLogInput, type BundleMember } from './member.ts';
export { sourceTime, withJournalHeader } from './read.ts';
