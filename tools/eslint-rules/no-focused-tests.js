// A focused test (`it.only`, `describe.only`, `test.describe.only`, `fit`, `fdescribe`) silently turns
// every other test in its file off. The runners refuse `.only` too (vitest `allowOnly: false`, Playwright
// `forbidOnly: true`); this rule says so at lint time, before anything runs.
const TEST_ROOTS = new Set(['describe', 'it', 'test', 'suite', 'bench']);
const FOCUSED_CALLS = new Set(['fit', 'fdescribe', 'ftest']);

function propertyName(node) {
  if (!node.computed && node.property.type === 'Identifier') {
    return node.property.name;
  }
  if (node.computed && node.property.type === 'Literal') {
    return node.property.value;
  }
  return undefined;
}

/** The identifier a chain such as `test.describe.only` or `it.each(rows).only` starts from. */
function rootName(node) {
  let current = node;
  while (current.type === 'MemberExpression' || current.type === 'CallExpression') {
    current = current.type === 'MemberExpression' ? current.object : current.callee;
  }
  return current.type === 'Identifier' ? current.name : undefined;
}

function isDeclared(scope, name) {
  for (let s = scope; s; s = s.upper) {
    if (s.set.get(name)?.defs.length) {
      return true;
    }
  }
  return false;
}

export const noFocusedTestsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'tests must not be focused with .only, fit or fdescribe' },
    messages: {
      focused: "'{{name}}' focuses the run and silently skips every other test: remove it before committing.",
    },
    schema: [],
  },
  create(context) {
    return {
      MemberExpression(node) {
        const root = rootName(node);
        if (propertyName(node) === 'only' && root && TEST_ROOTS.has(root)) {
          const name = context.sourceCode.getText(node);
          context.report({ node: node.property, messageId: 'focused', data: { name } });
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        if (
          callee.type === 'Identifier' &&
          FOCUSED_CALLS.has(callee.name) &&
          // A local helper that happens to be called `fit` is not the Jasmine global.
          !isDeclared(context.sourceCode.getScope(node), callee.name)
        ) {
          context.report({ node: callee, messageId: 'focused', data: { name: callee.name } });
        }
      },
    };
  },
};
