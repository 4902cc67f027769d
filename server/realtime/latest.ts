// Turns a push-style subscription into an async iterable that yields only the newest value:
// a queue snapshot supersedes every older one, so a slow consumer skips straight to the latest.
export function latestValues<T>(
  subscribe: (push: (value: T) => void) => () => void,
  signal?: AbortSignal,
): AsyncIterable<T> & { close(): void } {
  let pending: { value: T } | null = null;
  let wake: (() => void) | null = null;
  let done = false;
  const unsubscribe = subscribe((value) => {
    pending = { value };
    wake?.();
  });
  const close = () => {
    if (done) return;
    done = true;
    unsubscribe();
    wake?.();
  };
  signal?.addEventListener("abort", close, { once: true });
  return {
    close,
    async *[Symbol.asyncIterator]() {
      try {
        while (!done) {
          if (!pending) await new Promise<void>((r) => (wake = r));
          wake = null;
          if (done) return;
          const next = pending as { value: T } | null;
          pending = null;
          if (next) yield next.value;
        }
      } finally {
        close();
      }
    },
  };
}
