/** Events of the event log, each with the body its webhooks carried. */
import { useState } from 'react';
import type { DocketEvent } from '../api/types.ts';
import { formatDateTime } from '../lib/format.ts';
import { href } from '../lib/router.ts';
import { JsonView } from './json-view.tsx';

export function EventsTable({ events }: { events: DocketEvent[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul className="events" aria-label="Events">
      {events.map((event) => (
        <li key={event.id}>
          <div className="event-head">
            <span className="seq">#{event.seq}</span>
            <strong>{event.type}</strong>
            {event.record_id ? (
              <a href={href(`/records/${event.record_id}`)}>record {event.record_id.slice(0, 8)}</a>
            ) : null}
            <time dateTime={event.created_at}>{formatDateTime(event.created_at)}</time>
            <button
              type="button"
              className="link"
              aria-expanded={open === event.id}
              onClick={() => setOpen(open === event.id ? null : event.id)}
            >
              {open === event.id ? 'Hide body' : 'Show body'}
            </button>
          </div>
          {open === event.id ? <JsonView value={event.data} label={`Body of event ${event.seq}`} /> : null}
        </li>
      ))}
    </ul>
  );
}
