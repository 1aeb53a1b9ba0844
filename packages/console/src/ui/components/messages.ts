import { html } from '../html';

/** A failure, announced to screen readers as it appears. */
export const ErrorMessage = ({ text }: { text: string | null }) =>
  text === null ? null : html`<p class="message error" role="alert">${text}</p>`;

/** What is being loaded, announced politely. */
export const Loading = ({ what }: { what: string }) =>
  html`<p class="message" role="status">Loading ${what}…</p>`;

/** A live region for the outcome of an action ("Task completed as qualified"). */
export const StatusMessage = ({ text }: { text: string | null }) =>
  html`<p class="message ok" role="status" aria-live="polite">${text ?? ''}</p>`;
