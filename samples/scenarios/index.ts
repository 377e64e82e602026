// Every scenario, in the order `crashlens samples list` shows them.
import type { Scenario } from '../generator/scenario.ts';
import { scenario as globalOom } from './global-oom-cascade.ts';

export const SCENARIOS: Scenario[] = [globalOom];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
