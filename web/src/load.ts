/**
 * Loading data for a screen: the answer, the refusal, or "loading", with reload. Answers to an earlier question
 * (other organisation, other filter) are dropped and never shown under the new one; a reload keeps the current
 * answer on screen until the new one arrives.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError; loading: boolean }>({ key, loading: load !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!load) {
      setState({ key, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, loading: true }));
    load(controller.signal).then(
      (data) => controller.signal.aborted || setState({ key, data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = error instanceof ApiError ? error : new ApiError({ status: 0, code: 'CLIENT', detail: String(error) });
        setState({ key, error: problem, loading: false });
      },
    );
    return () => controller.abort();
    // The caller names the dependencies of `load` (as with useEffect); `generation` is bumped by reload().
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: !current || state.loading, reload };
}
