import { describe, expect, it } from 'vitest';
import { markdown } from '../../src/assessments/assessment.schema.js';

describe('findings are Markdown without raw HTML', () => {
  const ok = (text: string) => markdown.safeParse(text).success;

  it('refuses tags and comments, however written', () => {
    for (const text of ['<script>alert(1)</script>', 'a <img src=x onerror="alert(1)"> b', '</div>', 'line<br/>break', '<B>bold</B>', '<!-- hidden -->', '<svg\nonload=alert(1)>']) {
      expect(ok(text), text).toBe(false);
    }
  });

  it('accepts Markdown, autolinks and comparisons', () => {
    for (const text of ['**Жирный** и [ссылка](https://example.org)', 'See <https://en.unesco.org>', 'меньше 5 случаев: x < 5, y > 2', 'if a<5 then', '- пункт\n- тармақ']) {
      expect(ok(text), text).toBe(true);
    }
  });
});
