import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { forgetScopes } from './access';
import { whenSignedOut } from './api';
import { Layout } from './components/layout';
import { forgetCustomerLabels } from './customerLabels';
import { html } from './html';
import { CustomerPage } from './pages/customerPage';
import { CustomersPage } from './pages/customersPage';
import { FunnelPage } from './pages/funnelPage';
import { ReviewPage } from './pages/reviewPage';
import { SignInPage } from './pages/signInPage';
import { TasksPage } from './pages/tasksPage';
import { parseRoute, type Route } from './route';
import { forgetRep, forgetToken, storedToken } from './session';

const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
};

const TITLES: Readonly<Record<Route['page'], string>> = {
  'sign-in': 'Sign in',
  tasks: 'Tasks',
  customers: 'Customers',
  customer: 'Customer',
  funnel: 'Funnel',
  review: 'Review',
};

const App = () => {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(() => storedToken() !== null);
  const [customerTitle, setCustomerTitle] = useState<string | null>(null);
  useEffect(
    () =>
      whenSignedOut(() => {
        forgetScopes();
        setSignedIn(false);
      }),
    [],
  );
  useEffect(() => setCustomerTitle(null), [route.page === 'customer' ? route.id : '']);
  const signOut = () => {
    forgetToken();
    forgetRep();
    forgetScopes();
    forgetCustomerLabels();
    setSignedIn(false);
  };
  if (!signedIn || route.page === 'sign-in')
    return html`<${SignInPage}
      onSignedIn=${() => {
        forgetScopes();
        setSignedIn(true);
        if (route.page === 'sign-in') location.hash = '#/tasks';
      }}
    />`;
  const title = route.page === 'customer' ? (customerTitle ?? 'Customer') : TITLES[route.page];
  const body = (() => {
    switch (route.page) {
      case 'tasks':
        return html`<${TasksPage} params=${route.params} />`;
      case 'customers':
        return html`<${CustomersPage} params=${route.params} />`;
      case 'customer':
        return html`<${CustomerPage} key=${route.id} id=${route.id} onTitle=${setCustomerTitle} />`;
      case 'funnel':
        return html`<${FunnelPage} params=${route.params} />`;
      case 'review':
        return html`<${ReviewPage} tab=${route.tab} />`;
    }
  })();
  // One element per page, keyed by it: a new page replaces the old one whole instead of being merged into it.
  return html`<${Layout} route=${route} title=${title} onSignOut=${signOut}>
    <div class="page" key=${route.page}>${body}</div>
  </${Layout}>`;
};

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
