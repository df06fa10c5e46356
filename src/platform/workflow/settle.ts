/**
 * Resolves, before the SDK deep-freezes the modules a reusable V8 context shares, every lazy member
 * that would otherwise be written onto a shared object on its first read inside a workflow (where
 * the object is frozen, so the write throws: "Cannot define property extend, object is not
 * extensible"). zod 4 keeps a schema's methods and derived internals (`extend`, `safeParse`,
 * `_zod.propValues`, …) as accessors on its prototypes that, on first read, define the value on
 * the instance itself.
 *
 * It walks what the SDK's freeze walks (`deepFreeze` in @temporalio/worker's reusable-vm): from the
 * given module namespaces, every own property of every object, not the inside of functions. On an
 * object that is an instance of a class (its prototype is not Object's or Array's) it reads every
 * accessor its prototypes declare, so that each lazy member is settled on the instance, and walks
 * what it gave. Prototypes themselves are not frozen and are left alone. A getter that throws is
 * left as it was: it would throw the same way inside a workflow.
 *
 * A zod schema also rewrites itself on its first parse (the memoizer wraps a container's
 * `_zod.parse` and, once it has found the schema is not recursive, puts the plain parse back), so
 * each schema met (an object with its own `_zod` and a `safeParse`) parses `undefined` once here.
 * Schemas are pure; what that parse answers is thrown away.
 *
 * And zod writes a pattern's `lastIndex` before each test, which a frozen RegExp refuses (see
 * `unfreezablePatterns`).
 */
export function settleLazyMembers(roots: readonly unknown[]): void {
  const seen = new WeakSet<object>();
  const pending: unknown[] = [...roots];
  const read = (holder: object, key: PropertyKey): unknown => {
    try {
      return Reflect.get(holder, key);
    } catch {
      return undefined;
    }
  };
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    for (
      let proto: object | null = Object.getPrototypeOf(value) as object | null;
      proto !== null && proto !== Object.prototype && proto !== Array.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      for (const key of Reflect.ownKeys(proto)) {
        if (Object.getOwnPropertyDescriptor(proto, key)?.get) pending.push(read(value, key));
      }
    }
    if (Object.prototype.hasOwnProperty.call(value, '_zod')) {
      unfreezablePatterns(read(value, '_zod'));
      const safeParse = read(value, 'safeParse');
      if (typeof safeParse === 'function') {
        try {
          Reflect.apply(safeParse, value, [undefined]);
        } catch {
          // a refinement that throws on undefined: the schema is as settled as a parse leaves it
        }
      }
    }
    for (const key of Reflect.ownKeys(value)) pending.push(read(value, key));
  }
}

/**
 * zod resets a pattern's `lastIndex` before testing it (string formats, `.regex()`, template
 * literals, a URL's hostname and protocol), which a frozen RegExp refuses: each RegExp held as a
 * data property of a schema's or check's definition, and a template literal's own pattern, becomes
 * an accessor answering a fresh copy (same source and flags), so the frozen one is never written to.
 */
function unfreezablePatterns(internals: unknown): void {
  if (typeof internals !== 'object' || internals === null) return;
  const def = (internals as { def?: unknown }).def;
  if (typeof def === 'object' && def !== null) {
    for (const key of Reflect.ownKeys(def)) freshCopyOnRead(def, key);
    if ((def as { type?: unknown }).type === 'template_literal') freshCopyOnRead(internals, 'pattern');
  }
}

function freshCopyOnRead(holder: object, key: PropertyKey): void {
  const described = Object.getOwnPropertyDescriptor(holder, key);
  const pattern: unknown = described?.value;
  if (!(pattern instanceof RegExp) || !described?.configurable || Object.isFrozen(holder)) return;
  Object.defineProperty(holder, key, {
    configurable: false,
    enumerable: described.enumerable ?? true,
    get: () => new RegExp(pattern.source, pattern.flags),
  });
}
