/**
 * Drawing a zone on a sample page with the pointer: press, drag and release over the page to set
 * a zone rule's box (normalised 0..1 coordinates, origin top-left). The zone's number inputs stay
 * the keyboard's way to set the same box.
 */
import { type PointerEvent, type ReactNode, useState } from 'react';
import type { Highlight } from './file-preview.tsx';

type Box = Highlight['box'];

const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;

function pointOf(event: PointerEvent<HTMLDivElement>): { x: number; y: number } {
  const rect = event.currentTarget.getBoundingClientRect();
  return {
    x: clamp((event.clientX - rect.left) / rect.width),
    y: clamp((event.clientY - rect.top) / rect.height),
  };
}

function boxOf(a: { x: number; y: number }, b: { x: number; y: number }): Box {
  return { x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) };
}

/** A page that takes a drawn box; boxes smaller than 1 % of the page (a click) are ignored. */
export function DrawablePage({ onDraw, children }: { onDraw: (box: Box) => void; children: ReactNode }) {
  const [start, setStart] = useState<{ x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<Box | null>(null);
  return (
    <div
      className="drawable"
      data-drawing={start ? 'true' : undefined}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        const point = pointOf(e);
        setStart(point);
        setDraft(boxOf(point, point));
      }}
      onPointerMove={(e) => {
        if (start) setDraft(boxOf(start, pointOf(e)));
      }}
      onPointerUp={(e) => {
        if (!start) return;
        const box = boxOf(start, pointOf(e));
        setStart(null);
        setDraft(null);
        if (box.x1 - box.x0 >= 0.01 && box.y1 - box.y0 >= 0.01) onDraw(box);
      }}
      onPointerCancel={() => {
        setStart(null);
        setDraft(null);
      }}
    >
      {children}
      {draft ? (
        <span
          className="highlight zone draft"
          style={{
            left: `${draft.x0 * 100}%`,
            top: `${draft.y0 * 100}%`,
            width: `${(draft.x1 - draft.x0) * 100}%`,
            height: `${(draft.y1 - draft.y0) * 100}%`,
          }}
        />
      ) : null}
    </div>
  );
}
