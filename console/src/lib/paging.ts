import { useState } from 'preact/hooks';

/**
 * Server-side paging by opaque markers: the marker of each page seen so far, so that Previous
 * goes back without the server keeping anything. Reset when the filter changes.
 */
export function useMarkers() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  return {
    marker: stack[stack.length - 1],
    page: stack.length,
    next: (marker: string | undefined) => marker !== undefined && setStack((s) => [...s, marker]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}
