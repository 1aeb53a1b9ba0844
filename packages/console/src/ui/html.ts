import htm from 'htm';
import { h } from 'preact';

/** Tagged templates for Preact elements: markup in plain TypeScript, no JSX build step. */
export const html = htm.bind(h);
