// A minimal change notifier for page state, and the Preact hook that re-renders on each change.
import { useEffect, useReducer } from 'preact/hooks';

export class Observable {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Re-renders the calling component whenever `source` changes. */
export function useObservable(source: Observable): void {
  const [, bump] = useReducer((n: number, _change: void) => n + 1, 0);
  useEffect(() => source.subscribe(() => bump()), [source]);
}
