import type { ComponentChildren } from 'preact';
import './facts.css';

/** A grid of small labelled values (ids, codes, timings) that wrap on a narrow screen. */
export function Facts({ children }: { children: ComponentChildren }) {
  return <dl class="tr-facts">{children}</dl>;
}

/** One labelled value inside `Facts`; `attrs` go on the value (e.g. a data-* for tests). */
export function Fact(props: {
  label: string;
  children: ComponentChildren;
  attrs?: Record<string, string | number>;
}) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd {...props.attrs}>{props.children}</dd>
    </div>
  );
}
