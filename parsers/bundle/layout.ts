// Which collector made the bundle, from the paths it holds. Signs are data: a path pattern per
// layout; the layout with a sign wins in this order, and a sos collect is several sosreports.
import { innerPath } from './classify.ts';

export type Layout = 'sosreport' | 'sos-collect' | 'must-gather' | 'eks-logs' | 'aks-logs' | 'var-log' | 'loose' | 'file';

const SIGNS: { layout: Exclude<Layout, 'sos-collect' | 'loose' | 'file'>; pattern: RegExp; sample: string }[] = [
  { layout: 'sosreport', pattern: /(?:^|\/)sos_(?:commands|reports|logs)\//, sample: 'sosreport-node-a-2026-11-27-xkqbbyz/sos_commands/kernel/dmesg' },
  { layout: 'must-gather', pattern: /(?:^|\/)(?:host_service_logs|cluster-scoped-resources)\/|(?:^|\/)namespaces\/[^/]+\/pods\//, sample: 'must-gather.local.5577/x/host_service_logs/masters/kubelet_service.log' },
  { layout: 'eks-logs', pattern: /(?:^|\/)eks_i-[0-9a-f]+_|(?:^|\/)kernel\/dmesg\.(?:current|boot)$|(?:^|\/)ipamd\//, sample: 'eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kernel/dmesg.current' },
  { layout: 'aks-logs', pattern: /(?:^|\/)aks-periscope|(?:^|\/)var\/log\/azure\//, sample: 'aks-periscope-2026-11-27T10-00-00Z/aks-nodepool1-12345678-vmss000000/systemlogs/kubelet' },
  { layout: 'var-log', pattern: /^(?:var\/log\/)?(?:messages|syslog|kern\.log|journal\/|pods\/|containers\/)/, sample: 'messages' },
];
export const LAYOUT_SIGNS = SIGNS;

export class LayoutVotes {
  private readonly seen = new Set<Layout>();
  private readonly sosRoots = new Set<string>();
  private files = 0;

  /** `key` is the node key (classify.ts nodeKey) of the path. */
  add(path: string, key: string): void {
    this.files++;
    const inner = innerPath(path);
    for (const s of SIGNS) {
      if (!s.pattern.test(inner)) continue;
      this.seen.add(s.layout);
      if (s.layout === 'sosreport') this.sosRoots.add(key);
    }
  }

  decide(singleFile: boolean): Layout {
    if (this.sosRoots.size > 1) return 'sos-collect';
    for (const s of SIGNS) if (this.seen.has(s.layout)) return s.layout;
    return singleFile && this.files <= 1 ? 'file' : 'loose';
  }
}
