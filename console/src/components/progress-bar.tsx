/** A labelled progress bar (an upload's bytes sent). */
export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.round((value / max) * 100) : 0;
  return (
    <div className="progress">
      <progress value={value} max={max || 1} aria-label={label}>
        {percent} %
      </progress>
      <span aria-hidden="true">{percent} %</span>
    </div>
  );
}
