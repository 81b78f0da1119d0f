/** A nutrition analysis (seeds 001/004): the dish, its Nutri-Score badge, nutrients and ingredients. */
export interface NutritionResult {
  dish_name?: string | null;
  dish_description?: string | null;
  nutri_score?: string | null;
  serving_size?: number | null;
  unit?: string | null;
  nutritional_fields?: Record<string, number | null>;
  ingredients?: Array<{
    name: string;
    serving_size?: number | null;
    unit?: string | null;
    nutritional_fields?: Record<string, number | null>;
  }>;
}

export function isNutrition(result: unknown): result is NutritionResult {
  if (typeof result !== 'object' || result === null) return false;
  return 'nutri_score' in result || 'nutritional_fields' in result || 'dish_name' in result;
}

/** `energy_kcal` → "Energy (kcal)". */
export function nutrientLabel(field: string): string {
  const match = /^(.*)_(kcal|kj|g|mg|ug|µg)$/.exec(field);
  const name = (match ? match[1]! : field).replace(/_/g, ' ');
  const label = name.charAt(0).toUpperCase() + name.slice(1);
  return match ? `${label} (${match[2]})` : label;
}

export function NutriScoreBadge({ score }: { score: string | null | undefined }) {
  const letters = ['A', 'B', 'C', 'D', 'E'];
  const current = score?.toUpperCase() ?? null;
  return (
    <div
      className="nutri-score"
      role="img"
      aria-label={current ? `Nutri-Score ${current}` : 'No Nutri-Score'}
    >
      <span className="nutri-title" aria-hidden="true">
        NUTRI-SCORE
      </span>
      <span className="nutri-letters" aria-hidden="true">
        {letters.map((letter) => (
          <span
            key={letter}
            className={`nutri-letter nutri-${letter}${letter === current ? ' current' : ''}`}
          >
            {letter}
          </span>
        ))}
      </span>
    </div>
  );
}

function Nutrients({ fields }: { fields: Record<string, number | null> | undefined }) {
  const entries = Object.entries(fields ?? {});
  if (entries.length === 0) return <p>No nutrients.</p>;
  return (
    <dl className="facts nutrients">
      {entries.map(([field, value]) => (
        <div key={field}>
          <dt>{nutrientLabel(field)}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function NutritionView({ result }: { result: NutritionResult }) {
  return (
    <div className="nutrition">
      <div className="nutrition-head">
        <div>
          <h3>{result.dish_name ?? 'Unnamed dish'}</h3>
          {result.dish_description ? <p>{result.dish_description}</p> : null}
          {result.serving_size ? (
            <p>
              Serving: {result.serving_size} {result.unit ?? ''}
            </p>
          ) : null}
        </div>
        <NutriScoreBadge score={result.nutri_score} />
      </div>
      <Nutrients fields={result.nutritional_fields} />
      {result.ingredients && result.ingredients.length > 0 ? (
        <>
          <h3>Ingredients</h3>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Ingredient</th>
                  <th scope="col" className="num">
                    Serving
                  </th>
                  {Object.keys(result.ingredients[0]?.nutritional_fields ?? {}).map((field) => (
                    <th scope="col" className="num" key={field}>
                      {nutrientLabel(field)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.ingredients.map((ingredient, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: ingredients have no id; their order is fixed
                  <tr key={`${ingredient.name}-${i}`}>
                    <th scope="row">{ingredient.name}</th>
                    <td className="num">
                      {ingredient.serving_size ?? '—'} {ingredient.unit ?? ''}
                    </td>
                    {Object.keys(result.ingredients?.[0]?.nutritional_fields ?? {}).map((field) => (
                      <td className="num" key={field}>
                        {ingredient.nutritional_fields?.[field] ?? '—'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
