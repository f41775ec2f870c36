import { ComponentChildren } from "preact";
import { Entity, Explanation, values } from "./api";
import { datasetLabel, matchKind, programBadge, programTitle, propertyLabel } from "./labels";

/** A score as a labelled bar (0–1), coloured by band. */
export function ScoreBar({ score, label }: { score: number; label?: string }) {
  const pct = Math.round(score * 100);
  const band = score >= 0.9 ? "high" : score >= 0.7 ? "mid" : "low";
  return (
    <div class="score" title={`Score ${score.toFixed(3)}`}>
      <div
        class={`bar bar-${band}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={label ?? "Match score"}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <span class="score-num">{score.toFixed(2)}</span>
    </div>
  );
}

/** The list and program badges of an entity: "US OFAC SDN", "US GLOMAG" … */
export function Badges({ entity }: { entity: Pick<Entity, "datasets" | "properties"> & { programs?: string[] } }) {
  const programs = entity.programs ?? values(entity.properties, "program");
  const dataset = entity.datasets[0] ?? "";
  return (
    <span class="badges">
      {entity.datasets.map((d) => (
        <span class="badge list" key={d}>
          {datasetLabel(d)}
        </span>
      ))}
      {programs.map((p) => (
        <span class="badge program" key={p} title={programTitle(p)}>
          {programBadge(dataset, p)}
        </span>
      ))}
    </span>
  );
}

export function ErrorBox({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Which name parts matched which, how, and the evidence beyond the name. */
export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const name = explanation.name;
  return (
    <div class="explanation">
      {explanation.schema && <p class="contra">{explanation.schema}</p>}
      {name ? (
        <>
          <p>
            Best pair of names: <q>{name.query}</q> ~ <q>{name.candidate}</q>{" "}
            <span class="muted">({propertyLabel(name.property)})</span> — name score {name.score.toFixed(2)}, support{" "}
            {name.support.toFixed(2)}
            {name.conflict > 0 && <>, conflicting weight {name.conflict.toFixed(2)}</>}
          </p>
          <table class="align">
            <caption class="sr-only">Aligned name parts</caption>
            <thead>
              <tr>
                <th scope="col">Query part</th>
                <th scope="col">Listed part</th>
                <th scope="col">How</th>
                <th scope="col">Similarity</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {name.alignment.map((a, i) => (
                <tr key={i}>
                  <td>{a.query}</td>
                  <td>{a.candidate}</td>
                  <td>
                    <span class={`kind kind-${a.kind}`}>{matchKind(a.kind)}</span>
                  </td>
                  <td>{a.similarity.toFixed(2)}</td>
                  <td>{a.weight.toFixed(2)}</td>
                </tr>
              ))}
              {name.query_only.map((p) => (
                <tr key={`q-${p}`} class="unmatched">
                  <td>{p}</td>
                  <td>—</td>
                  <td colSpan={3}>only in the query</td>
                </tr>
              ))}
              {name.candidate_only.map((p) => (
                <tr key={`c-${p}`} class="unmatched">
                  <td>—</td>
                  <td>{p}</td>
                  <td colSpan={3}>only in the listed name</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">Parts are shown transliterated to Latin script, as they were compared.</p>
        </>
      ) : (
        <p>No name parts in common.</p>
      )}
      {explanation.features.length > 0 && (
        <ul class="evidence">
          {explanation.features.map((f, i) => (
            <li key={i} class={f.contribution >= 0 ? "pro" : "contra"}>
              <strong>
                {f.contribution >= 0 ? "Corroborates" : "Contradicts"} ({f.feature.replace("_", " ")}{" "}
                {f.contribution >= 0 ? "+" : ""}
                {f.contribution.toFixed(2)})
              </strong>
              : {f.detail} — query <q>{f.query}</q>, listed <q>{f.candidate}</q>
              {f.support_lift > 0 && <span class="muted"> (support +{f.support_lift.toFixed(2)})</span>}
            </li>
          ))}
        </ul>
      )}
      <p class="muted small">Algorithm {explanation.algorithm}</p>
    </div>
  );
}

export function fmtDate(iso: string): string {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}
