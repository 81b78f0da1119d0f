/** The console's shell: sign-in, then the navigation and the page the hash names. */
import { useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api/client.ts';
import { Layout } from './components/layout.tsx';
import { type Capabilities, fetchCapabilities, NO_CAPABILITIES } from './lib/capabilities.ts';
import { ConsoleContext } from './lib/console-context.ts';
import { useLocation } from './lib/router.ts';
import { storedKey, storeKey } from './lib/session.ts';
import { rememberSample } from './lib/template-sample.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { routePage } from './routes.tsx';

export function App() {
  const [apiKey, setApiKey] = useState<string | null>(storedKey);
  const [capabilities, setCapabilities] = useState<Capabilities>(NO_CAPABILITIES);
  const [expired, setExpired] = useState(false);
  const location = useLocation();

  const signOut = useMemo(
    () => (why?: 'expired') => {
      storeKey(null);
      rememberSample(null);
      setApiKey(null);
      setExpired(why === 'expired');
    },
    [],
  );
  const client = useMemo(
    () => (apiKey ? new ApiClient({ apiKey, onUnauthorized: () => signOut('expired') }) : null),
    [apiKey, signOut],
  );
  useEffect(() => {
    fetchCapabilities().then(setCapabilities, () => setCapabilities(NO_CAPABILITIES));
  }, []);

  if (!client) {
    return (
      <SignInPage
        expired={expired}
        onSignedIn={(key) => {
          storeKey(key);
          setExpired(false);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <ConsoleContext.Provider value={{ client, capabilities, signOut: () => signOut() }}>
      <Layout path={location.path}>{routePage(location, capabilities)}</Layout>
    </ConsoleContext.Provider>
  );
}
