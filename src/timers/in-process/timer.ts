/**
 * The one-shot timer the in-process scheduler arms; injectable so tests drive it with fake time.
 * `set` returns a function that disarms it.
 */
export interface Timer {
  set(callback: () => void, delayMs: number): () => void;
}

/**
 * Node keeps timer delays in a signed 32-bit int: a longer delay (about 24.8 days) fires after 1 ms with a
 * warning. The scheduler never asks for more; it re-arms when the shorter timer fires.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export const nodeTimer: Timer = {
  set(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    // A pending deadline must not keep a CLI or a test process alive; the server has its own handles.
    handle.unref();
    return () => clearTimeout(handle);
  },
};
