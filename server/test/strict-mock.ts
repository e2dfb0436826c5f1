// Strict mocks for unit tests of services that coordinate others (as Immich's newTestService does): a
// call to any method the test did not provide fails the test at once, so a service can never quietly
// reach a dependency the test did not expect.
export function strictMock<T extends object>(name: string, provided: Partial<T> = {}): T {
  return new Proxy(provided, {
    get(target, property, receiver) {
      if (property in target) {
        return Reflect.get(target, property, receiver) as unknown;
      }
      if (property === 'then' || typeof property === 'symbol') {
        return undefined;
      }
      return () => {
        throw new Error(`${name}.${String(property)} was called, but the test did not mock it`);
      };
    },
  }) as T;
}
