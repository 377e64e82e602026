// Redaction for a report that leaves the team: addresses, host names, e-mail addresses and secrets
// become stable pseudonyms (`ip-3`, `host-1`, `email-2`, `secret-1`) — the same value the same
// pseudonym throughout one export, so the story still reads ("host-1 lost ip-2"). Secrets go first
// (a token can hold an '@' or a dotted name), then e-mails, host names, then addresses.
// A bundle already cleaned by `sos clean` keeps its own pseudonyms (host0, obfuscatedhost0.example.com,
// 100.0.0.x): renaming them again would break the map the customer kept.

export type PseudonymKind = 'host' | 'ip' | 'email' | 'secret';

export interface RedactorOptions {
  /** Names known to be hosts (the bundle's node names, hostnames): replaced wherever they stand as a word. */
  names?: string[];
  /** The bundle was cleaned by sos clean: its obfuscated names and 100.0.x.x addresses stay. */
  keepSosPseudonyms?: boolean;
}

/** sos clean's own pseudonyms: host0, obfuscatedhost0…, obfuscateddomain0.com, 100.0.0.x addresses. */
const SOS_NAME = /^(host\d+|.*obfuscated.*)$/i;
const SOS_IP = /^100\.0\.\d{1,3}\.\d{1,3}$/;

/** Whether a case comes from a bundle cleaned by sos clean (its node names or file names say so). */
export function looksSosCleaned(nodes: string[], paths: string[]): boolean {
  return nodes.some((n) => SOS_NAME.test(n.split('.')[0]!) || /obfuscated/i.test(n)) || paths.some((p) => /obfuscated/i.test(p));
}

// Public names that appear in every Go stack and image reference: not the customer's, and
// renaming them would only make the quoted lines harder to read.
const PUBLIC_DOMAINS = ['k8s.io', 'kubernetes.io', 'github.com', 'golang.org', 'gopkg.in', 'docker.io', 'docker.com', 'quay.io', 'gcr.io',
  'pkg.dev', 'redhat.com', 'fedoraproject.org', 'ubuntu.com', 'debian.org', 'googleapis.com', 'opencontainers.org', 'etcd.io', 'go.etcd.io'];

// Top-level labels that make a dotted word a host name rather than a file (kubelet.service,
// libc.so.6, main.go): a table, so a missed one is one word to add.
// Two-letter words (in, it, no, be, at…) are left out: "logger.info" or "log.in" are not hosts.
const TLDS = 'com|net|org|io|dev|cloud|internal|local|localdomain|lan|corp|intra|intranet|example|test|svc|edu|gov|mil|biz|uk|de|fr|nl|eu|jp|cn|ru|br|au|ca|ch|se|fi|es|pl|cz|dk|ie|kr|tw|sg|hk|nz|za|mx|ar';

interface Rule { kind: PseudonymKind; re: RegExp; /** Which group holds the value (the rest of the match is kept). */ group?: number }

const RULES: Rule[] = [
  // Headers: the whole value to the end of the line or a quote.
  { kind: 'secret', re: /\b((?:proxy-)?authorization|cookie|set-cookie|x-auth-token|x-api-key|x-amz-security-token)(["']?\s*[:=]\s*["']?)([^"'\r\n]+)/gi, group: 3 },
  { kind: 'secret', re: /\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi, group: 3 },
  // Basic auth in a URL: scheme://user:pass@host
  { kind: 'secret', re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+:[^\s/@]+)(@)/gi, group: 2 },
  // Secrets in query strings and key=value pairs.
  { kind: 'secret', re: /(\b(?:access_token|refresh_token|id_token|token|password|passwd|pwd|secret|client_secret|api_key|apikey|auth|sig|signature|session|sessionid|jwt)\s*[=:]\s*)([^\s&"',;)]+)/gi, group: 2 },
  // A JSON Web Token anywhere.
  { kind: 'secret', re: /()(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,})/g, group: 2 },
  { kind: 'email', re: /()((?<![A-Za-z0-9._%+-])(?!secret-\d+@)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g, group: 2 },
  // AWS-style names carry the address in them.
  { kind: 'host', re: /()(\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\b(?:\.[A-Za-z0-9-]+)*)/g, group: 2 },
  { kind: 'host', re: new RegExp(String.raw`()(\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:${TLDS})\b)(?![.-]?[A-Za-z0-9])`, 'gi'), group: 2 },
  { kind: 'ip', re: /()(\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b)(?!\.\d)/g, group: 2 },
  // IPv6: eight groups, or a '::' form with at least one group; "10:00:00" (a time) and MACs have neither.
  { kind: 'ip', re: /()((?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|:(?::[0-9a-f]{1,4}){1,7})(?:%[\w.]+)?(?![\w:]))/gi, group: 2 },
];

const PSEUDONYM = /^(host|ip|email|secret)-\d+$/;

export class Redactor {
  private readonly maps: Record<PseudonymKind, Map<string, string>> = { host: new Map(), ip: new Map(), email: new Map(), secret: new Map() };
  private readonly names: RegExp | null;
  private readonly keepSos: boolean;
  /** Short names of the known nodes: "wrk-1" and "wrk-1.prod.example.com" are one host, one pseudonym. */
  private readonly shortNames = new Set<string>();

  constructor(options: RedactorOptions = {}) {
    this.keepSos = options.keepSosPseudonyms ?? false;
    // Node names and their short forms, longest first so an FQDN is replaced whole.
    const names = new Set<string>();
    for (const n of options.names ?? []) {
      if (!n || n.length < 2 || this.kept(n)) continue;
      names.add(n); const short = n.split('.')[0]!;
      this.shortNames.add(short.toLowerCase());
      if (short.length >= 3 && !this.kept(short)) names.add(short);
    }
    const list = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // Dashes around are allowed: a node's name inside a sosreport's folder name
    // (sosreport-wrk-eu-03-2025-03-14-…) gives the node away as much as the name alone.
    this.names = list.length ? new RegExp(`(?<![A-Za-z0-9_])(?:${list.join('|')})(?![A-Za-z0-9_]|\\.[A-Za-z0-9])`, 'gi') : null;
  }

  private kept(value: string): boolean {
    if (PSEUDONYM.test(value)) return true;
    if (!this.keepSos) return false;
    return SOS_IP.test(value) || SOS_NAME.test(value.split('.')[0]!) || /obfuscated/i.test(value);
  }

  /** The pseudonym of a value: the same value, the same name, within this Redactor. */
  pseudonym(kind: PseudonymKind, value: string): string {
    let key = kind === 'secret' ? value : value.toLowerCase();
    if (kind === 'host' && this.shortNames.has(key.split('.')[0]!)) key = key.split('.')[0]!;
    const m = this.maps[kind];
    let p = m.get(key);
    if (!p) { p = `${kind}-${m.size + 1}`; m.set(key, p); }
    return p;
  }

  /** How many distinct values of each kind were replaced. */
  stats(): Record<PseudonymKind, number> {
    return { host: this.maps.host.size, ip: this.maps.ip.size, email: this.maps.email.size, secret: this.maps.secret.size };
  }

  text(s: string): string {
    if (!s) return s;
    let out = s;
    for (const rule of RULES) {
      if (rule.kind === 'ip' && this.names) out = this.hostNames(out); // node names before their addresses
      out = out.replace(rule.re, (...m: unknown[]) => {
        const groups = m.slice(1, -2) as (string | undefined)[];
        const g = rule.group ?? 0;
        const value = g ? groups[g - 1] : (m[0] as string);
        if (!value || this.kept(value) || isPublic(rule.kind, value)) return m[0] as string;
        const before = groups.slice(0, g - 1).join('');
        const after = groups.slice(g).join('');
        return `${before}${this.pseudonym(rule.kind, value)}${after}`;
      });
    }
    return this.names ? this.hostNames(out) : out;
  }

  private hostNames(s: string): string {
    return s.replace(this.names!, (n) => this.pseudonym('host', n));
  }
}

function isPublic(kind: PseudonymKind, value: string): boolean {
  if (kind !== 'host') return false;
  const v = value.toLowerCase();
  return PUBLIC_DOMAINS.some((d) => v === d || v.endsWith(`.${d}`));
}
