// The lint rule against focused tests: a `.only` that reaches main turns the rest of its file off.
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the rule is plain JavaScript with no type declarations
import { noFocusedTestsRule } from '../../tools/eslint-rules/no-focused-tests.js';

function lint(code: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { wsnoc: { rules: { 'no-focused-tests': noFocusedTestsRule as never } } },
        rules: { 'wsnoc/no-focused-tests': 'error' },
      },
    ],
    'x.spec.ts',
  );
}

describe('no-focused-tests', () => {
  it.each([
    [`describe.only('x', () => {});`, 'describe.only'],
    [`it.only('x', () => {});`, 'it.only'],
    [`test.only('x', () => {});`, 'test.only'],
    [`test.describe.only('x', () => {});`, 'test.describe.only'],
    [`describe.concurrent.only('x', () => {});`, 'describe.concurrent.only'],
    [`it.only.each([1, 2])('x %i', () => {});`, 'it.only'],
    [`it['only']('x', () => {});`, `it['only']`],
    [`fit('x', () => {});`, 'fit'],
    [`fdescribe('x', () => {});`, 'fdescribe'],
  ])('flags %s', (code, name) => {
    const messages = lint(code);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toBe(
      `'${name}' focuses the run and silently skips every other test: remove it before committing.`,
    );
  });

  it('accepts plain, skipped and parameterised tests', () => {
    expect(lint(`describe('x', () => { it('y', () => {}); it.skip('z', () => {}); });`)).toEqual([]);
    expect(lint(`test.describe.serial('x', () => {}); it.each([1])('x %i', () => {});`)).toEqual([]);
  });

  it('ignores an `only` that has nothing to do with tests, and a local function called fit', () => {
    expect(lint(`const options = { only: true }; if (options.only) {}`)).toEqual([]);
    expect(lint(`function fit(a: number) { return a; } fit(1);`)).toEqual([]);
  });
});
