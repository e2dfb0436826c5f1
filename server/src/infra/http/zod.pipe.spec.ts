import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { unencodableText, ZodPipe } from './zod.pipe.js';

describe('ZodPipe', () => {
  const pipe = new ZodPipe(z.object({ name: z.string(), tags: z.array(z.string()).optional() }));

  it('passes what the schema takes', () => {
    expect(pipe.transform({ name: 'radio-1 😀', tags: ['a'] })).toEqual({ name: 'radio-1 😀', tags: ['a'] });
  });

  it('refuses with request.invalid, naming the fields', () => {
    const refused = (() => {
      try {
        pipe.transform({ name: 5 });
      } catch (err) {
        return err as BadRequestException;
      }
      throw new Error('not refused');
    })();
    const body = refused.getResponse() as { code: string; message: string };
    expect(body.code).toBe('request.invalid');
    expect(body.message).toMatch(/^name: /);
  });

  it('refuses a NUL or a lone surrogate anywhere the route reads, whatever the schema', () => {
    for (const value of [{ name: 'a\u0000b' }, { name: '\ud800' }, { name: 'ok', tags: ['x\udc00'] }]) {
      expect(() => pipe.transform(value)).toThrow(BadRequestException);
    }
    expect(unencodableText({ a: ['ok', 'b\ud83d'] })).toEqual([
      { path: 'a.1', message: 'is not valid Unicode text (it holds a lone surrogate)' },
    ]);
    expect(unencodableText({ '\u0000': 1 })).toEqual([
      { path: '(key)', message: 'must not contain NUL characters' },
    ]);
  });
});
