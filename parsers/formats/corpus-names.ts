// The real-log corpus (../shared/corpus/README.md) names formats in its own vocabulary: bare
// kernel text, capnslog, plain text and event lists are all its `other`.
import type { FormatId } from '../types.ts';

export function corpusFormatName(id: FormatId): string {
  switch (id) {
    case 'kernel-text': case 'capnslog': case 'plain': case 'k8s-events': return 'other';
    case 'journal-binary': return 'journal-binary';
    default: return id;
  }
}
