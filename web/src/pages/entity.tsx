import { useEffect, useState } from "preact/hooks";
import { api, Entity, GraphResponse, Props, values } from "../api";
import { Badges, ErrorBox, Section } from "../components";
import { datasetLabel, programBadge, programTitle, propertyLabel, scriptOf } from "../labels";
import { entityPath, onLinkClick } from "../router";
import { Network } from "./network";

interface Source {
  dataset: string;
  record_id: string;
  list_version: string | null;
}

interface EntityResponse extends Entity {
  sources?: Source[];
}

const NAME_PROPS = ["name", "alias", "weakAlias", "previousName", "firstName", "middleName", "lastName", "fatherName"];
const BIRTH_PROPS = ["birthDate", "birthPlace", "deathDate", "gender", "nationality", "citizenship", "country"];
const ID_PROPS = [
  "idNumber",
  "passportNumber",
  "taxNumber",
  "registrationNumber",
  "innCode",
  "ogrnCode",
  "swiftBic",
  "leiCode",
  "imoNumber",
  "callSign",
  "mmsi",
  "email",
  "phone",
  "website",
];
const LINK_PROPS: Record<string, string> = {
  familyPerson: "relative",
  familyRelative: "person",
  associates: "associate",
  associations: "person",
  ownershipOwner: "asset",
  ownershipAsset: "owner",
  directorshipDirector: "organization",
  directorshipOrganization: "director",
  unknownLinkSubject: "object",
  unknownLinkObject: "subject",
};
const SKIP = new Set([...NAME_PROPS, ...BIRTH_PROPS, ...ID_PROPS, ...Object.keys(LINK_PROPS), "sanctions", "address", "topics", "program", "notes"]);

function PropTable({ props, names }: { props: Props; names: string[] }) {
  const rows = names.filter((n) => values(props, n).length > 0);
  if (rows.length === 0) return <p class="muted">None stated.</p>;
  return (
    <table class="props">
      <tbody>
        {rows.map((n) => (
          <tr key={n}>
            <th scope="row">{propertyLabel(n)}</th>
            <td>
              {values(props, n).map((v) => (
                <div key={v}>{v}</div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Names({ props }: { props: Props }) {
  const rows: { prop: string; name: string; script: string }[] = [];
  for (const p of NAME_PROPS) for (const v of values(props, p)) rows.push({ prop: p, name: v, script: scriptOf(v) });
  const scripts = [...new Set(rows.map((r) => r.script))];
  return (
    <table class="props names">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Script</th>
        </tr>
      </thead>
      <tbody>
        {scripts.flatMap((s) =>
          rows
            .filter((r) => r.script === s)
            .map((r) => (
              <tr key={r.prop + r.name}>
                <td lang={s === "Latin" ? undefined : "und"}>{r.name}</td>
                <td>{propertyLabel(r.prop)}</td>
                <td>{s}</td>
              </tr>
            )),
        )}
      </tbody>
    </table>
  );
}

interface Relation {
  property: string;
  role: string;
  other: Entity | string;
  relationship: string[];
  datasets: string[];
}

function relations(props: Props): Relation[] {
  const out: Relation[] = [];
  for (const [prop, otherKey] of Object.entries(LINK_PROPS)) {
    const list = props[prop];
    if (!Array.isArray(list)) continue;
    for (const rel of list as Entity[]) {
      const other = rel.properties?.[otherKey]?.[0] as Entity | string | undefined;
      if (other === undefined) continue;
      out.push({
        property: prop,
        role: otherKey,
        other,
        relationship: values(rel.properties, "relationship"),
        datasets: rel.datasets ?? [],
      });
    }
  }
  return out;
}

export function EntityPage({ id }: { id: string }) {
  const [entity, setEntity] = useState<EntityResponse | null>(null);
  const [graph, setGraph] = useState<GraphResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [depth, setDepth] = useState(2);

  useEffect(() => {
    setEntity(null);
    setError(null);
    api<EntityResponse>(`/entities/${encodeURIComponent(id)}`)
      .then(setEntity)
      .catch((e) => setError(e.message));
  }, [id]);

  useEffect(() => {
    setGraph(null);
    api<GraphResponse>(`/entities/${encodeURIComponent(id)}/graph?depth=${depth}`)
      .then(setGraph)
      .catch(() => setGraph(null));
  }, [id, depth]);

  useEffect(() => {
    if (entity) document.title = `${entity.caption} · Vetter`;
  }, [entity]);

  if (error)
    return (
      <div>
        <h1>Entity {id}</h1>
        <ErrorBox error={error} />
      </div>
    );
  if (!entity) return <p role="status">Loading {id}…</p>;

  const props = entity.properties;
  const sanctions = (props.sanctions ?? []) as Entity[];
  const rels = relations(props);
  const addresses = values(props, "address");
  const others = Object.keys(props).filter((k) => !SKIP.has(k) && values(props, k).length > 0);

  return (
    <article class="entity-page">
      <header class="entity-head">
        <h1>{entity.caption}</h1>
        <p class="muted">
          {entity.schema} · {entity.id}
          {entity.target && <span class="badge target">Sanctioned</span>}
        </p>
        <Badges entity={entity} />
      </header>
      <div class="grid">
        <Section title="Names" id="h-names">
          <Names props={props} />
        </Section>
        <Section title="Birth and nationality" id="h-birth">
          <PropTable props={props} names={BIRTH_PROPS} />
        </Section>
        <Section title="Identifiers" id="h-ids">
          <PropTable props={props} names={ID_PROPS} />
        </Section>
        <Section title="Addresses" id="h-addr">
          {addresses.length ? (
            <ul class="plain">
              {addresses.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">None stated.</p>
          )}
        </Section>
        <Section title="Relationships" id="h-rel">
          {rels.length ? (
            <ul class="plain relations" data-testid="relations">
              {rels.map((r, i) => (
                <li key={i}>
                  <span class="muted">{r.relationship.join(", ") || r.property.replace(/([A-Z])/g, " $1").toLowerCase()}:</span>{" "}
                  {typeof r.other === "string" ? (
                    <span>{r.other} <span class="badge unlisted">not listed</span></span>
                  ) : (
                    <a href={entityPath(r.other.id)} onClick={onLinkClick}>
                      {r.other.caption}
                    </a>
                  )}
                  {r.datasets.length > 0 && <span class="muted small"> (stated by {r.datasets.map(datasetLabel).join(", ")})</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">No relationships stated by the lists.</p>
          )}
        </Section>
        <Section title="Designations" id="h-sanctions">
          {sanctions.length ? (
            <table class="props">
              <thead>
                <tr>
                  <th scope="col">Program</th>
                  <th scope="col">Authority</th>
                  <th scope="col">Listed</th>
                  <th scope="col">List</th>
                </tr>
              </thead>
              <tbody>
                {sanctions.map((s) => (
                  <tr key={s.id}>
                    <td title={values(s.properties, "program").map(programTitle).join(", ")}>
                      {values(s.properties, "program").map((p) => programBadge(s.datasets[0] ?? "", p)).join(", ")}
                    </td>
                    <td>{values(s.properties, "authority").join(", ")}</td>
                    <td>{values(s.properties, "listingDate").join(", ") || "—"}</td>
                    <td>{(s.datasets ?? []).map(datasetLabel).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No designation.</p>
          )}
        </Section>
        <Section title="Source records" id="h-sources">
          {entity.sources && entity.sources.length ? (
            <table class="props">
              <thead>
                <tr>
                  <th scope="col">List</th>
                  <th scope="col">Record</th>
                  <th scope="col">List version</th>
                </tr>
              </thead>
              <tbody>
                {entity.sources.map((s, i) => (
                  <tr key={i}>
                    <td>{datasetLabel(s.dataset)}</td>
                    <td>{s.record_id}</td>
                    <td>{s.list_version ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Last seen in {entity.last_seen?.slice(0, 10) ?? "an unknown version"}.</p>
          )}
        </Section>
        {others.length > 0 && (
          <Section title="Other facts" id="h-other">
            <PropTable props={props} names={others} />
          </Section>
        )}
        {values(props, "notes").length > 0 && (
          <Section title="Remarks" id="h-notes">
            {values(props, "notes").map((n) => (
              <p key={n} class="notes">
                {n}
              </p>
            ))}
          </Section>
        )}
      </div>
      <section class="card network-card" aria-labelledby="h-graph">
        <div class="network-head">
          <h2 id="h-graph">Relationship network</h2>
          <label>
            Depth{" "}
            <select value={depth} onChange={(e) => setDepth(Number(e.currentTarget.value))}>
              {[1, 2, 3].map((d) => (
                <option value={d}>{d}</option>
              ))}
            </select>
          </label>
        </div>
        {graph ? <Network graph={graph} /> : <p role="status">Loading the network…</p>}
      </section>
    </article>
  );
}
