// Virtual rows with scaled scrolling. Browsers cap an element's height (Chrome near 33.5 M px, Firefox lower), so a
// plain virtualiser breaks above ~1.1 M rows of 30 px. Here the scrolled body is at most MAX_BODY_PX tall and the
// scroll position maps linearly onto the row range: the scrollbar spans every row, while the wheel and the keyboard
// move by real pixels of content (a wheel notch scrolls a few rows, not thousands).
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Well under every browser's limit, and small enough that scrollTop keeps sub-pixel precision. */
export const MAX_BODY_PX = 8_000_000;

export interface ScaledRows {
  /** Rendered rows, overscan included: [first, last]. */
  first: number;
  last: number;
  /** The first row at least partly in view. */
  firstVisible: number;
  /** Height of the scrolled body in real pixels. */
  bodyHeight: number;
  /** The body-relative top of row `index` (only meaningful for rendered rows). */
  top(index: number): number;
  /** Scrolls so that row `index` is in view ('auto': as little as needed; 'start': at the top). */
  scrollToIndex(index: number, align?: 'auto' | 'start'): void;
  /** Rows that fit in the viewport. */
  pageRows: number;
}

interface Position {
  /** The element's real scrollTop. */
  physical: number;
  /** Pixels of content above the viewport (count × rowHeight space). */
  virtual: number;
}

/** Sets an element's scroll position and returns the one the browser settled on. */
function setScrollTop(element: HTMLElement, value: number): number {
  element.scrollTop = value;
  return element.scrollTop;
}

export function useScaledScroll(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  headerHeight: number,
  overscan = 10,
): ScaledRows {
  const [viewport, setViewport] = useState(600);
  const [position, setPosition] = useState<Position>({ physical: 0, virtual: 0 });
  const virtual = useRef(0);
  const expectedPhysical = useRef(0);

  const visibleHeight = Math.max(0, viewport - headerHeight);
  const contentHeight = count * rowHeight;
  const bodyHeight = Math.min(contentHeight, MAX_BODY_PX);
  const maxVirtual = Math.max(0, contentHeight - visibleHeight);
  const maxPhysical = Math.max(0, bodyHeight - visibleHeight);
  const ratio = maxPhysical > 0 ? maxVirtual / maxPhysical : 1;
  const scaled = ratio > 1.0001;
  const geometry = useRef({ ratio, maxVirtual, scaled, visibleHeight });
  // The event handlers read the geometry of the latest render.
  useLayoutEffect(() => {
    geometry.current = { ratio, maxVirtual, scaled, visibleHeight };
  });

  /** Moves to a content position: sets the element's scrollTop accordingly and renders at once. */
  const moveTo = useCallback(
    // The element behind the ref is read when called, on purpose (a stable callback for the event handlers).
    // eslint-disable-next-line react-hooks/preserve-manual-memoization
    (target: number) => {
      const element = scroller.current;
      const { ratio, maxVirtual, scaled } = geometry.current;
      const next = Math.max(0, Math.min(maxVirtual, target));
      virtual.current = next;
      if (!element) return;
      // Browsers round scrollTop; remember what they made of it so the scroll event this causes is recognised.
      const physical = setScrollTop(element, scaled ? next / ratio : next);
      expectedPhysical.current = physical;
      setPosition({ physical, virtual: scaled ? next : physical });
    },
    [scroller],
  );

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      const physical = element.scrollTop;
      const { ratio, maxVirtual, scaled } = geometry.current;
      // A scroll we did not cause (scrollbar drag, native keys, unscaled wheel) sets the content position.
      if (!scaled) virtual.current = physical;
      else if (Math.abs(physical - expectedPhysical.current) > 1) {
        virtual.current = Math.min(maxVirtual, physical * ratio);
      }
      expectedPhysical.current = physical;
      setPosition({ physical, virtual: virtual.current });
    };
    const onWheel = (event: WheelEvent) => {
      const { scaled, visibleHeight } = geometry.current;
      if (!scaled || event.ctrlKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? rowHeight : event.deltaMode === 2 ? visibleHeight : 1;
      moveTo(virtual.current + event.deltaY * unit);
    };
    const resize = new ResizeObserver(() => setViewport(element.clientHeight));
    // Observing reports the current size at once.
    resize.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      resize.disconnect();
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('wheel', onWheel);
    };
  }, [scroller, rowHeight, moveTo]);

  // The row count or the viewport changed: keep the content position (the scale changed under it).
  useLayoutEffect(() => {
    if (scaled || virtual.current > maxVirtual) moveTo(virtual.current);
  }, [count, viewport, scaled, maxVirtual, moveTo]);

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'start' = 'auto') => {
      const rowTop = index * rowHeight;
      const { visibleHeight } = geometry.current;
      if (align === 'start' || rowTop < virtual.current) moveTo(rowTop);
      else if (rowTop + rowHeight > virtual.current + visibleHeight) moveTo(rowTop + rowHeight - visibleHeight);
    },
    [rowHeight, moveTo],
  );

  const firstVisible = Math.min(Math.max(0, count - 1), Math.floor(position.virtual / rowHeight));
  const lastVisible = Math.min(count - 1, Math.floor((position.virtual + visibleHeight) / rowHeight));
  return {
    first: Math.max(0, firstVisible - overscan),
    last: count === 0 ? -1 : Math.min(count - 1, lastVisible + overscan),
    firstVisible,
    bodyHeight,
    top: (index: number) => position.physical + (index * rowHeight - position.virtual),
    scrollToIndex,
    pageRows: Math.max(1, Math.floor(visibleHeight / rowHeight)),
  };
}
