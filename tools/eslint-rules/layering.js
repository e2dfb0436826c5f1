// Layering, held by lint rather than review (DESIGN.md, rules of the house). Feature code reaches Postgres
// and Redis only through its repositories; infra/ knows no feature; the web declares no runtime schema of
// its own, because shared/ has them. The server keeps no AsyncLocalStorage: its promise hook, on for the
// whole process once used, cost every poll a fifth of its CPU (who acts is passed: infra/http's actorOf).
// server/test/layering-rules.spec.ts checks that each rule bites.
export const layeringConfigs = [
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value=/async_hooks$/] ImportSpecifier[imported.name='AsyncLocalStorage']",
          message:
            'No AsyncLocalStorage in the server: its promise hook slows every await in the process; pass the actor (actorOf).',
        },
      ],
    },
  },
  {
    files: ['server/src/modules/**/*.ts'],
    ignores: [
      'server/src/**/*.repository.ts',
      'server/src/**/*.entity.ts',
      'server/src/**/*.module.ts',
      'server/src/**/*.spec.ts',
      'server/src/modules/realtime/redis-io.adapter.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'TypeORM belongs in repositories, entities and infra/database.' },
            { name: '@nestjs/typeorm', message: 'TypeORM belongs in repositories, entities and modules.' },
            {
              name: 'redis',
              message: 'Redis is reached through infra/cache (KeyValueStore, LockStore, PubSub).',
            },
            { name: 'pg', message: 'Postgres is reached through a repository.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/modules/*', '**/modules/*'],
              message: 'infra/ imports no feature: features depend on infra, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.spec.{ts,tsx}', 'web/src/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              allowTypeImports: true,
              message: 'The web re-declares no schema: import it from @wsnoc/shared.',
            },
          ],
        },
      ],
    },
  },
];
