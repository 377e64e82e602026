// The table on screen tells the keyboard handler how to move its selection (j/k, g/G), so the
// shortcuts stay in one place and the tables keep their rows to themselves.
export interface TableNav { move(delta: number): void; first(): void; last(): void }

let current: TableNav | null = null;
export function registerTable(nav: TableNav | null): void { current = nav; }
export function activeTable(): TableNav | null { return current; }
