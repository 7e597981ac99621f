/**
 * `useSidebar(store, selector)`: subscribes a Preact component to a slice of a sidebar store.
 * A small subscription hook on `preact/hooks` (the content script does not ship preact/compat):
 * the component re-renders only when `selector(state)` changes by `Object.is` (or `equal`).
 * Selectors should return values from the state (or primitives), not new objects per call.
 */
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

export function useSidebar<S, T>(
  store: StoreApi<S>,
  selector: (state: S) => T,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const value = selector(store.getState());
  const latest = useRef({ selector, value, equal });
  latest.current = { selector, value, equal };

  useLayoutEffect(() => {
    const check = () => {
      const { selector: select, value: shown, equal: same } = latest.current;
      if (!same(select(store.getState()), shown)) rerender(0);
    };
    check(); // the state may have changed between render and subscription
    return store.subscribe(check);
  }, [store]);

  return value;
}
