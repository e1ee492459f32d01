/* global document, addEventListener, requestAnimationFrame */
// Inlined in every page's <head> (astro.config.mjs). A box that scrolls sideways must be
// reachable from the keyboard (WCAG 2.1.1; axe: scrollable-region-focusable): on a phone, wide
// lesson tables and sequence diagrams do. Each one that overflows gets tabindex=0, and loses it
// again when it fits, so a table that fits is no extra tab stop. Expressive Code does the same
// for its code blocks.
(() => {
  const SCROLLERS = '.sl-markdown-content table, figure.sequence';
  const MARK = 'data-scroll-focus';
  const update = () => {
    for (const box of document.querySelectorAll(SCROLLERS)) {
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute(MARK, '');
      } else if (!overflows && box.hasAttribute(MARK)) {
        box.removeAttribute('tabindex');
        box.removeAttribute(MARK);
      }
    }
  };
  // Resize fires for every step of a drag: measure once per frame, not once per event.
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  };
  addEventListener('DOMContentLoaded', update);
  addEventListener('resize', schedule);
})();
