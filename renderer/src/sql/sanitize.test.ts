import { describe, expect, it } from 'vitest';
import { sanitizeCell, sanitizeForTerminal as clean } from './sanitize.ts';

const ESC = '\x1b';
const BEL = '\x07';

describe('terminal sanitiser', () => {
  it('keeps plain text, newlines, tabs and unicode', () => {
    expect(clean('kubelet: PLEG is not healthy\n\tpid 42 – ümlaut 日本')).toBe('kubelet: PLEG is not healthy\n\tpid 42 – ümlaut 日本');
  });
  it('keeps SGR colours', () => {
    expect(clean(`${ESC}[1;31mERROR${ESC}[0m ok ${ESC}[38;5;208mx${ESC}[m`)).toBe(`${ESC}[1;31mERROR${ESC}[0m ok ${ESC}[38;5;208mx${ESC}[m`);
  });
  it('strips OSC 0 and OSC 2 window titles (BEL and ST terminated)', () => {
    expect(clean(`a${ESC}]0;pwned${BEL}b`)).toBe('ab');
    expect(clean(`a${ESC}]2;pwned${ESC}\\b`)).toBe('ab');
  });
  it('strips OSC 52 clipboard writes', () => {
    expect(clean(`x${ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=${BEL}y`)).toBe('xy');
  });
  it('strips OSC 8 hyperlinks but keeps the visible text', () => {
    expect(clean(`${ESC}]8;;https://evil.example/${ESC}\\click me${ESC}]8;;${ESC}\\`)).toBe('click me');
  });
  it('strips CSI cursor moves, erases and private modes', () => {
    expect(clean(`safe${ESC}[2J${ESC}[H${ESC}[10A${ESC}[?1049h${ESC}[5;10Hover`)).toBe('safeover');
  });
  it('drops an SGR-looking sequence with private parameters', () => {
    expect(clean(`a${ESC}[>4;2mb`)).toBe('ab');
  });
  it('strips DCS, APC, PM and SOS strings', () => {
    expect(clean(`a${ESC}P+q544e${ESC}\\b${ESC}_apc${ESC}\\c${ESC}^pm${BEL}d${ESC}Xsos${ESC}\\e`)).toBe('abcde');
  });
  it('strips C1 controls, including 8-bit CSI and OSC', () => {
    expect(clean('a\u009b2Jb\u009d0;title\u0007c\u0085d\u009ce')).toBe('abcde');
    expect(clean('x\u009b31my')).toBe(`x${ESC}[31my`);
  });
  it('strips other C0 controls, DEL and lone escapes', () => {
    expect(clean(`a\rb\bc\x00d\x7fe${ESC}7f${ESC}cg${ESC}(0h${ESC}`)).toBe('abcdefgh');
  });
  it('an unterminated OSC swallows the rest rather than leaking it', () => {
    expect(clean(`ok${ESC}]0;never ends`)).toBe('ok');
  });
  it('keeps a table cell on one line and colourless', () => {
    expect(sanitizeCell(`line1\nline2\t${ESC}[31mred${ESC}[0m`)).toBe('line1⏎line2→red');
  });
});
