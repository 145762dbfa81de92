// The support service's timer, injectable so tests drive the queue's time instead of sleeping.
export interface Timer {
  /** Calls `fn` once after `delayMs`; returns a function that cancels it. */
  set(fn: () => void, delayMs: number): () => void;
}

export const realTimer: Timer = {
  set(fn, delayMs) {
    const handle = setTimeout(fn, delayMs);
    // The queue's timer never keeps a process alive on its own; the HTTP server does.
    handle.unref();
    return () => clearTimeout(handle);
  },
};
