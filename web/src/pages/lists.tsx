import { useEffect, useState } from "preact/hooks";
import { api, LastFetch, LatestUpdate, ListsResponse, UpdateExample } from "../api";
import { ErrorBox, fmtDate } from "../components";
import { programBadge, programTitle } from "../labels";
import { entityPath, onLinkClick } from "../router";

const OUTCOMES: Record<LastFetch["outcome"], string> = {
  new_version: "new version",
  unchanged: "unchanged",
  failed: "failed",
};

/** The last `vetter fetch` attempt: outcome badge, time, version kept or produced, error. */
function LastFetchFacts({ fetch }: { fetch: LastFetch | null }) {
  if (!fetch) return <span class="muted">no fetch recorded (no fetch store, or never fetched)</span>;
  return (
    <>
      <span class={`badge fetch fetch-${fetch.outcome}`}>{OUTCOMES[fetch.outcome]}</span>{" "}
      <time dateTime={fetch.attempted_at}>{fmtDate(fetch.attempted_at)}</time>
      {fetch.version && (
        <span class="muted">
          {" "}
          · {fetch.outcome === "new_version" ? "stored" : "kept"} version {fetch.version}
          {fetch.list_version && ` (list version ${fetch.list_version})`}
        </span>
      )}
      {fetch.error && <p class="fetch-error">Error: {fetch.error}</p>}
    </>
  );
}

function Examples({ title, items, removed }: { title: string; items: UpdateExample[]; removed?: boolean }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul class="plain small">
        {items.map((x) => (
          <li key={x.id}>
            {removed ? (
              x.caption
            ) : (
              <a href={entityPath(x.id)} onClick={onLinkClick}>
                {x.caption}
              </a>
            )}{" "}
            <span class="muted">
              {x.id}
              {x.fields.length > 0 && ` · ${x.fields.join(", ")}`}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Added / removed / changed counts between the previous and the current stored version. */
function LatestUpdateFacts({
  update,
  labelledBy,
  fetched,
}: {
  update: LatestUpdate | null;
  labelledBy: string;
  fetched: boolean;
}) {
  if (!update) {
    return (
      <p class="muted">
        {fetched ? "Only one version stored: no update to compare yet." : "No fetch recorded: no update to compare."}
      </p>
    );
  }
  const n = (x: number) => x.toLocaleString("en");
  return (
    <div class="diff" aria-labelledby={labelledBy} role="group">
      <p>
        From version {update.previous.id} ({update.previous.list_version}, {n(update.previous.entities)} entities) to{" "}
        {update.current.id} ({update.current.list_version}, {n(update.current.entities)} entities), retrieved{" "}
        <time dateTime={update.current.retrieved_at}>{fmtDate(update.current.retrieved_at)}</time>
      </p>
      <dl class="facts counts" data-testid={`update-${update.kind}`}>
        <dt>Added</dt>
        <dd class="change-added">+{n(update.added)}</dd>
        <dt>Removed</dt>
        <dd class="change-removed">−{n(update.removed)}</dd>
        <dt>Changed</dt>
        <dd>{n(update.changed)}</dd>
        <dt>Unchanged</dt>
        <dd>{n(update.unchanged)}</dd>
      </dl>
      {update.added + update.removed + update.changed > 0 && (
        <details>
          <summary>Examples of the changes</summary>
          <Examples title={`Added (first ${update.examples.added.length})`} items={update.examples.added} />
          <Examples
            title={`Removed (first ${update.examples.removed.length})`}
            items={update.examples.removed}
            removed
          />
          <Examples title={`Changed (first ${update.examples.changed.length})`} items={update.examples.changed} />
        </details>
      )}
    </div>
  );
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
              <dd>{l.kind}</dd>
              <dt>Last fetch</dt>
              <dd data-testid={`last-fetch-${l.kind}`}>
                <LastFetchFacts fetch={l.last_fetch} />
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
            <h3 id={`u-${l.dataset}`}>Latest update</h3>
            <LatestUpdateFacts update={l.latest_update} labelledBy={`u-${l.dataset}`} fetched={l.last_fetch !== null} />
          </section>
        ))}
      </div>
    </div>
  );
}
