// The lint rule behind default-deny: a controller route without @Public() or @Roles(...) is an error.
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the rule is plain JavaScript with no type declarations
import { accessMarkingRule } from '../../tools/eslint-rules/controller-access-marking.js';

function lint(code: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { wsnoc: { rules: { 'controller-access-marking': accessMarkingRule as never } } },
        rules: { 'wsnoc/controller-access-marking': 'error' },
      },
    ],
    'x.controller.ts',
  );
}

describe('controller-access-marking', () => {
  it('flags a route handler with no access marking', () => {
    const messages = lint(`@Controller('x') class X { @Get() list() {} }`);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/Route handler 'list' has no access marking/);
  });

  it('accepts @Roles or @Public on the handler, or @Roles on the class', () => {
    expect(lint(`class X { @Roles('viewer') @Get() list() {} }`)).toEqual([]);
    expect(lint(`class X { @Public() @Post('login') login() {} }`)).toEqual([]);
    expect(lint(`@Roles('admin') class X { @Delete(':id') remove() {} }`)).toEqual([]);
  });

  it('ignores methods that are not routes', () => {
    expect(lint(`class X { helper() {} }`)).toEqual([]);
  });
});
