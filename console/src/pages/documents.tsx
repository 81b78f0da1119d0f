import { ComingFeature } from './coming-feature.tsx';

/** Documents to validate (seed 003). To come: the to_validate queue, validation and synchronisation. */
export function DocumentsPage({ available }: { available: boolean }) {
  return (
    <ComingFeature title="Documents" available={available} listPath="/documents">
      <p>
        The server has the documents API. The validation queue (correct type and patient, validate,
        synchronise within the 30 s limit, sync status and errors) is not in this console build yet; the
        documents as the API lists them are below.
      </p>
    </ComingFeature>
  );
}
