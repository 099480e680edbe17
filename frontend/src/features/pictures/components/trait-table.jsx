// The clip's traits against each genre's training songs: its value, each genre's
// typical value and how many standard deviations away the clip is (z).
export function formatValue(value, unit) {
  const abs = Math.abs(value);
  const text = abs >= 100 ? Math.round(value).toLocaleString("en") : Number(value.toPrecision(3)).toString();
  return unit ? `${text} ${unit}` : text;
}

export function formatZ(z) {
  if (z == null) return "no spread";
  return `z ${z > 0 ? "+" : z < 0 ? "−" : "±"}${Math.abs(z).toFixed(1)}`;
}

const distance = (z) => (z == null || Math.abs(z) < 1 ? "near" : Math.abs(z) < 2 ? "apart" : "far");

export function TraitTable({ profile }) {
  const genres = profile.traits[0]?.genres.map((entry) => entry.genre) ?? [];
  return (
    <>
      <p className="pictures-note">
        Each genre's typical value comes from the songs the model learned from; z says how many of that genre's standard
        deviations the clip is away (within ±1 counts as close).
      </p>
      <div className="trait-scroll" role="region" aria-label="Traits against each genre" tabIndex={0}>
        <table className="trait-table">
          <caption className="visually-hidden">The clip's traits against each genre</caption>
          <thead>
            <tr>
              <th scope="col">Trait</th>
              <th scope="col">This clip</th>
              {genres.map((genre) => (
                <th scope="col" key={genre}>
                  {genre}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {profile.traits.map((trait) => (
              <tr key={trait.trait}>
                <th scope="row">{trait.label}</th>
                <td>
                  {formatValue(trait.value, trait.unit)}
                  <span className="trait-words">{trait.words}</span>
                </td>
                {trait.genres.map((entry) => (
                  <td key={entry.genre} className={`z-${distance(entry.z)}`}>
                    {formatZ(entry.z)}
                    <span className="trait-typical">typical {formatValue(entry.mean)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="trait-meanings">
        {profile.traits.map((trait) => (
          <div key={trait.trait}>
            <dt>{trait.label}</dt>
            <dd>{trait.meaning}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
