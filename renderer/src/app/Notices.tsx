import { useStore } from '../state/store.ts';

export function Notices() {
  const notices = useStore((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => <div key={n.id} className={`notice ${n.kind}`}>{n.text}</div>)}
    </div>
  );
}
