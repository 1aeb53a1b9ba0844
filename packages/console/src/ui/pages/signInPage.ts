import { useEffect, useRef, useState } from 'preact/hooks';
import { checkToken } from '../api';
import { messageOf } from '../components/useLoad';
import { ErrorMessage } from '../components/messages';
import { html } from '../html';
import { keepToken } from '../session';

/**
 * Sign-in with an API token. The token is checked against the API, kept in this tab's
 * sessionStorage and sent as a bearer token; a server without tokens (open on loopback) takes any.
 */
export const SignInPage = ({ onSignedIn }: { onSignedIn: () => void }) => {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Sign in · leadflow console';
    heading.current?.focus();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = String(new FormData(form).get('token') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await checkToken(token);
      keepToken(token);
      form.reset();
      onSignedIn();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  // method="post" and no action: should the script fail, a submit never puts the token in a URL.
  return html`
    <main id="main" class="sign-in">
      <h1 tabindex="-1" ref=${heading}>leadflow console</h1>
      <form method="post" onSubmit=${(e: Event) => void submit(e)} aria-describedby="token-help">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false" />
        <p id="token-help" class="muted">
          A token from LEADFLOW_API_TOKENS with the read scope (and write to complete tasks). It is kept for
          this tab only. A server running without tokens accepts an empty one.
        </p>
        <button type="submit" disabled=${busy}>Sign in</button>
        <${ErrorMessage} text=${error} />
      </form>
    </main>
  `;
};
