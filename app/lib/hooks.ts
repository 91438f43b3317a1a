/**
 * An extension point: the area that owns an event runs the hook; a later area that must react registers a handler
 * at start-up (app/startup/wiring.server.ts), so the earlier area never imports the later one. Handlers run in
 * the order they were registered, inside whatever transaction the owner passes them.
 */
export interface Hook<Args extends unknown[]> {
  readonly name: string;
  register(id: string, handler: (...args: Args) => Promise<void>): void;
  run(...args: Args): Promise<void>;
  /** The ids registered, in order (for the wiring test). */
  ids(): string[];
}

export function createHook<Args extends unknown[]>(name: string): Hook<Args> {
  const handlers = new Map<string, (...args: Args) => Promise<void>>();
  return {
    name,
    register(id, handler) {
      const existing = handlers.get(id);
      if (existing && existing !== handler) throw new Error(`hook "${name}" already has a handler "${id}"`);
      handlers.set(id, handler);
    },
    async run(...args) {
      for (const handler of handlers.values()) await handler(...args);
    },
    ids: () => [...handlers.keys()],
  };
}
