/** The frame around every page: a skip link, the navigation, and the main region. */
import { type ReactNode, useState } from 'react';
import { useConsole } from '../lib/console-context.ts';
import { href } from '../lib/router.ts';
import { visibleNav } from '../routes.tsx';

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { capabilities, signOut } = useConsole();
  const [open, setOpen] = useState(false);
  const current = path === '/' ? '/records' : path;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={href('/records')}>
          Docket <span>console</span>
        </a>
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={open}
          aria-controls="primary-nav"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
        <nav id="primary-nav" aria-label="Main" className={open ? 'nav open' : 'nav'}>
          <ul>
            {visibleNav(capabilities).map((entry) => {
              const active = current === entry.path || current.startsWith(`${entry.path}/`);
              return (
                <li key={entry.path}>
                  <a
                    href={href(entry.path)}
                    aria-current={active ? 'page' : undefined}
                    onClick={() => setOpen(false)}
                  >
                    {entry.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" className="secondary sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
