/**
 * The console's pages and their navigation entries. Templates and Documents are listed only when
 * the server has their APIs (see lib/capabilities.ts).
 */
import type { ReactNode } from 'react';
import type { Capabilities } from './lib/capabilities.ts';
import { type Location, match } from './lib/router.ts';
import { DeliveriesPage } from './pages/deliveries.tsx';
import { DocumentPage } from './pages/document.tsx';
import { DocumentsPage } from './pages/documents.tsx';
import { EndpointPage } from './pages/endpoint.tsx';
import { EventsPage } from './pages/events.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { RecordPage } from './pages/record.tsx';
import { RecordsPage } from './pages/records.tsx';
import { TemplatePage } from './pages/template.tsx';
import { TemplatesPage } from './pages/templates.tsx';
import { UploadPage } from './pages/upload.tsx';
import { UsagePage } from './pages/usage.tsx';
import { WebhooksPage } from './pages/webhooks.tsx';

export interface NavEntry {
  path: string;
  label: string;
  /** Shown only when the server can do it. */
  needs?: keyof Capabilities;
}

export const NAV: NavEntry[] = [
  { path: '/records', label: 'Records' },
  { path: '/upload', label: 'Upload' },
  { path: '/webhooks', label: 'Webhooks' },
  { path: '/deliveries', label: 'Deliveries' },
  { path: '/events', label: 'Events' },
  { path: '/usage', label: 'Usage', needs: 'usage' },
  { path: '/templates', label: 'Templates', needs: 'templates' },
  { path: '/documents', label: 'Documents', needs: 'documents' },
];

export function visibleNav(capabilities: Capabilities): NavEntry[] {
  return NAV.filter((entry) => !entry.needs || capabilities[entry.needs]);
}

export function routePage(location: Location, capabilities: Capabilities): ReactNode {
  const { path, query } = location;
  if (path === '/' || path === '/records') return <RecordsPage query={query} />;
  let params = match('/records/:id', path);
  if (params) return <RecordPage id={params.id!} />;
  if (path === '/upload') return <UploadPage />;
  if (path === '/webhooks') return <WebhooksPage />;
  if (path === '/webhooks/new') return <EndpointPage id={null} />;
  params = match('/webhooks/:id', path);
  if (params) return <EndpointPage id={params.id!} />;
  if (path === '/deliveries') return <DeliveriesPage query={query} />;
  if (path === '/events') return <EventsPage />;
  if (path === '/usage') return <UsagePage />;
  if (path === '/templates') return <TemplatesPage available={capabilities.templates} />;
  if (path === '/documents') return <DocumentsPage available={capabilities.documents} query={query} />;
  if (path === '/templates/new') return <TemplatePage id={null} />;
  params = match('/templates/:id', path);
  if (params) return <TemplatePage id={params.id!} />;
  params = match('/documents/:id', path);
  if (params) return <DocumentPage id={params.id!} />;
  return <NotFoundPage path={path} />;
}
