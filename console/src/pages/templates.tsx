import { ComingFeature } from './coming-feature.tsx';

/** Templates (seed 002). To come: field and rule editor, live preview on a sample, invoice2data import. */
export function TemplatesPage({ available }: { available: boolean }) {
  return (
    <ComingFeature title="Templates" available={available} listPath="/v1/templates">
      <p>
        The server has the templates API. The editor (fields and rules with a live preview on an uploaded
        sample, invoice2data import) is not in this console build yet; the templates as the API lists them are
        below.
      </p>
    </ComingFeature>
  );
}
