import { html } from '../html';

/** Previous/next over a cursor-paged list; cursors only go forward, so the page keeps those it has seen. */
export const Pager = (props: {
  label: string;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) => html`
  <nav class="pager" aria-label=${props.label}>
    <button type="button" disabled=${!props.hasPrevious} onClick=${props.onPrevious}>Previous page</button>
    <span aria-live="polite">Page ${props.page}</span>
    <button type="button" disabled=${!props.hasNext} onClick=${props.onNext}>Next page</button>
  </nav>
`;

/** A stack of cursors: page n is read with `cursors[n - 1]` (the first page with none). */
export interface CursorStack {
  cursors: ReadonlyArray<string | null>;
}

export const firstPage = (): CursorStack => ({ cursors: [null] });
export const nextPage = (stack: CursorStack, next: string): CursorStack => ({
  cursors: [...stack.cursors, next],
});
export const previousPage = (stack: CursorStack): CursorStack =>
  stack.cursors.length > 1 ? { cursors: stack.cursors.slice(0, -1) } : stack;
export const currentCursor = (stack: CursorStack): string | null =>
  stack.cursors[stack.cursors.length - 1] ?? null;
