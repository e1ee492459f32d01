import { useEffect, useState } from 'preact/hooks';

/**
 * The milliseconds left until `until` (epoch ms, never negative), re-read every `everyMs` and no
 * longer once it reaches 0: only the component that shows a countdown re-renders, and only while
 * it runs.
 */
export function useMsLeft(until: number, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (until <= Date.now()) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) clearInterval(timer);
    }, everyMs);
    return () => clearInterval(timer);
  }, [until, everyMs]);
  return Math.max(0, until - now);
}
