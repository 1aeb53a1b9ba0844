import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html';
import { routeHref, type Route } from '../route';

const NAV: ReadonlyArray<{ page: Route['page']; label: string; href: string }> = [
  { page: 'tasks', label: 'Tasks', href: routeHref({ page: 'tasks', params: {} }) },
  { page: 'customers', label: 'Customers', href: routeHref({ page: 'customers', params: {} }) },
  { page: 'funnel', label: 'Funnel', href: routeHref({ page: 'funnel', params: {} }) },
  { page: 'review', label: 'Review', href: routeHref({ page: 'review', tab: 'rejected' }) },
];

const currentSection = (route: Route): Route['page'] =>
  route.page === 'customer' ? 'customers' : route.page;

/** The customer search of every page's header: submits to the customers page with `q`. */
const HeaderSearch = ({ initial }: { initial: string }) => {
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);
  const submit = (event: Event) => {
    event.preventDefault();
    location.hash = routeHref({ page: 'customers', params: q.trim() === '' ? {} : { q: q.trim() } });
  };
  return html`
    <form class="search" role="search" onSubmit=${submit}>
      <label for="header-search">Search customers</label>
      <input
        id="header-search"
        type="search"
        name="q"
        autocomplete="off"
        placeholder="Name, email, phone or company"
        value=${q}
        onInput=${(e: Event) => setQ((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Search</button>
    </form>
  `;
};

/**
 * Every signed-in page: skip link, header (navigation, search, sign-out) and the main region. The
 * page's heading takes the focus when the page changes, so a screen reader announces where it is.
 */
export const Layout = (props: {
  route: Route;
  title: string;
  onSignOut: () => void;
  children: ComponentChildren;
}) => {
  const heading = useRef<HTMLHeadingElement>(null);
  const section = currentSection(props.route);
  const routeKey = routeHref(props.route);
  useEffect(() => {
    document.title = `${props.title} · leadflow console`;
  }, [props.title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: false });
  }, [routeKey]);
  const q = props.route.page === 'customers' ? (props.route.params.q ?? '') : '';
  return html`
    <a
      class="skip"
      href="#main"
      onClick=${(e: Event) => {
        e.preventDefault();
        heading.current?.focus();
      }}
      >Skip to content</a
    >
    <header class="top">
      <a class="brand" href=${routeHref({ page: 'tasks', params: {} })}>leadflow</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(
            (item) =>
              html`<li>
                <a href=${item.href} aria-current=${item.page === section ? 'page' : undefined}
                  >${item.label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <${HeaderSearch} initial=${q} />
      <button type="button" class="sign-out" onClick=${props.onSignOut}>Sign out</button>
    </header>
    <main id="main">
      <h1 tabindex="-1" ref=${heading}>${props.title}</h1>
      ${props.children}
    </main>
  `;
};
