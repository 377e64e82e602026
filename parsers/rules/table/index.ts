// Every rule, by category. The detector tries them in this order; within a category, specific
// rows come before general ones.
import type { Rule } from '../rule.ts';
import { MEMORY_RULES } from './memory.ts';
import { KERNEL_RULES } from './kernel.ts';
import { HARDWARE_RULES } from './hardware.ts';
import { KUBERNETES_RULES } from './kubernetes.ts';
import { NETWORK_RULES } from './network.ts';
import { OPERATIONS_RULES } from './operations.ts';
import { BOOT_RULES } from './boot.ts';

export const RULES: readonly Rule[] = [
  ...MEMORY_RULES, ...KERNEL_RULES, ...HARDWARE_RULES, ...KUBERNETES_RULES,
  ...NETWORK_RULES, ...OPERATIONS_RULES, ...BOOT_RULES,
];
