// Every route handler in a Nest controller must say who may call it: @Public() or @Roles(...).
// Default-deny is enforced by the guard at run time; this rule makes forgetting the marking a lint error
// so that access is always a visible, reviewed decision.
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Sse']);
const ACCESS_DECORATORS = new Set(['Public', 'Roles']);

function decoratorName(decorator) {
  const expr = decorator.expression;
  if (expr.type === 'CallExpression' && expr.callee.type === 'Identifier') {
    return expr.callee.name;
  }
  if (expr.type === 'Identifier') {
    return expr.name;
  }
  return undefined;
}

export const accessMarkingRule = {
  meta: {
    type: 'problem',
    docs: { description: 'controller route handlers must be marked @Public() or @Roles(...)' },
    messages: {
      missing:
        "Route handler '{{name}}' has no access marking: add @Roles(...) (or @Public() if it truly must be open). The class may carry @Roles(...) instead.",
    },
    schema: [],
  },
  create(context) {
    return {
      MethodDefinition(node) {
        const names = (node.decorators ?? []).map(decoratorName);
        if (!names.some((n) => ROUTE_DECORATORS.has(n))) {
          return;
        }
        if (names.some((n) => ACCESS_DECORATORS.has(n))) {
          return;
        }
        const cls = node.parent?.parent;
        const classNames = (cls?.decorators ?? []).map(decoratorName);
        if (classNames.some((n) => ACCESS_DECORATORS.has(n))) {
          return;
        }
        context.report({ node: node.key, messageId: 'missing', data: { name: node.key.name ?? '?' } });
      },
    };
  },
};
