// The archive room's public face: walkBundle and the entry types.
export { largeFilesInWalkOrder, walkBundle, walkOrderCompare } from './walk.ts';
export type { ArchiveLimits, BundleEntry, WalkOptions } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';
