import { useEffect, useState } from "preact/hooks";
import { api, ListsResponse } from "../api";
import { ErrorBox, fmtDate } from "../components";
import { programBadge, programTitle } from "../labels";
import { entityPath, onLinkClick } from "../router";

function bytes(n: number): string {
  return n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}

export function ListsPage() {
  const [data, setData] = useState<ListsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ListsResponse>("/lists")
      .then(setData)
      .catch((e) => setError(e.message));
  }, []);

  return (
    <div>
      <h1>Lists</h1>
      <ErrorBox error={error} />
      {data && (
        <p class="muted">
          Screening algorithm {data.versions.algorithm}; {data.lists.length} lists in the index being served.
        </p>
      )}
      <div class="lists" data-testid="lists">
        {data?.lists.map((l) => (
          <section class="card list-card" key={l.dataset} aria-labelledby={`h-${l.dataset}`}>
            <h2 id={`h-${l.dataset}`}>{l.title}</h2>
            <dl class="facts">
              <dt>Version (as of)</dt>
              <dd>
                {l.version ?? "unknown"}
                {l.age_days !== null && <span class="muted"> · {l.age_days} days old</span>}
              </dd>
              <dt>Entities</dt>
              <dd>{l.entities.toLocaleString("en")}</dd>
              <dt>Designated</dt>
              <dd>{l.designated.toLocaleString("en")}</dd>
              <dt>By type</dt>
              <dd>
                {Object.entries(l.schemata)
                  .map(([s, n]) => `${s} ${n.toLocaleString("en")}`)
                  .join(" · ")}
              </dd>
              <dt>Stated links</dt>
              <dd>{l.links.toLocaleString("en")}</dd>
              <dt>Source</dt>
              <dd>
                {l.kind}
                {l.store ? (
                  <>
                    {" "}
                    · stored version {l.store.current.id}, retrieved {fmtDate(l.store.current.retrieved_at)} (
                    {bytes(l.store.current.size)}, {l.store.current.entities.toLocaleString("en")} entities,{" "}
                    {l.store.current.rejected} rejected) · {l.store.versions} versions kept
                  </>
                ) : (
                  <span class="muted"> · bundled with the binary (no fetch store configured)</span>
                )}
              </dd>
              <dt>Last fetch</dt>
              <dd>
                {l.store?.last_fetch ? (
                  <>
                    <span class={`fetch fetch-${l.store.last_fetch.result}`}>{l.store.last_fetch.result}</span>{" "}
                    {fmtDate(l.store.last_fetch.at)} {l.store.last_fetch.detail}
                  </>
                ) : l.store ? (
                  <>succeeded {fmtDate(l.store.current.retrieved_at)}</>
                ) : (
                  <span class="muted">never fetched</span>
                )}
              </dd>
            </dl>
            <h3>Programs</h3>
            <p class="programs">
              {l.programs.slice(0, 24).map((p) => (
                <span class="badge program" title={programTitle(p.program)} key={p.program}>
                  {programBadge(l.dataset, p.program)} <span class="muted">{p.entities}</span>
                </span>
              ))}
              {l.programs.length > 24 && <span class="muted"> and {l.programs.length - 24} more</span>}
            </p>
            <h3>Latest update</h3>
            {l.store?.diff ? (
              <div class="diff">
                <p>
                  {l.store.diff.from} → {l.store.diff.to}: <span class="pro">+{l.store.diff.added} added</span>,{" "}
                  <span class="contra">−{l.store.diff.removed} removed</span>, {l.store.diff.changed} changed,{" "}
                  {l.store.diff.unchanged.toLocaleString("en")} unchanged
                </p>
                <ul class="plain small">
                  {l.store.diff.examples.map((x) => (
                    <li key={x.id + x.change}>
                      <span class={`change change-${x.change}`}>{x.change}</span>{" "}
                      {x.change === "removed" ? (
                        x.caption
                      ) : (
                        <a href={entityPath(x.id)} onClick={onLinkClick}>
                          {x.caption}
                        </a>
                      )}
                      {x.fields.length > 0 && <span class="muted"> ({x.fields.join(", ")})</span>}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p class="muted">
                {l.store ? "Only one version stored: no update to compare yet." : "No earlier version to compare with."}
              </p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
