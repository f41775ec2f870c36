import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { AlertDetail, AlertList, AlertSummary, api, ListsResponse, Props, Session } from "../api";
import { Badges, ErrorBox, ExplanationView, fmtDate, ScoreBar } from "../components";
import { datasetLabel, propertyLabel } from "../labels";
import { entityPath, navigate, onLinkClick } from "../router";

const STATUSES = ["open", "escalated", "true_match", "false_positive", "delisted", "all"];
const DECISIONS = [
  { value: "true_match", label: "True match", key: "t" },
  { value: "false_positive", label: "False positive", key: "f" },
  { value: "escalated", label: "Escalate", key: "e" },
];

function statusLabel(s: string): string {
  return s.replace("_", " ");
}

/** Lower case, letters and digits only: "KUN, Kim" and "Kun Kim" compare alike by words. */
function norm(v: string): string {
  return v
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function words(v: string): string {
  return norm(v).split(" ").sort().join(" ");
}

const GROUPS: { label: string; props: string[]; cmp: (a: string, b: string) => boolean }[] = [
  { label: "Names", props: ["name", "alias", "weakAlias", "previousName", "firstName", "lastName"], cmp: (a, b) => words(a) === words(b) },
  { label: "Birth date", props: ["birthDate"], cmp: (a, b) => a.startsWith(b) || b.startsWith(a) },
  { label: "Birth place", props: ["birthPlace"], cmp: (a, b) => norm(a) === norm(b) },
  { label: "Nationality / country", props: ["nationality", "citizenship", "country", "jurisdiction"], cmp: (a, b) => norm(a) === norm(b) },
  { label: "Gender", props: ["gender"], cmp: (a, b) => norm(a) === norm(b) },
  {
    label: "Identifiers",
    props: ["idNumber", "passportNumber", "taxNumber", "registrationNumber", "imoNumber"],
    cmp: (a, b) => a.replace(/[^0-9a-z]/gi, "").toLowerCase() === b.replace(/[^0-9a-z]/gi, "").toLowerCase(),
  },
  { label: "Address", props: ["address"], cmp: (a, b) => norm(a) === norm(b) },
];

function collect(props: Props | undefined, names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) for (const v of props?.[n] ?? []) if (typeof v === "string" && !out.includes(v)) out.push(v);
  return out;
}

/** Customer record and listed entity side by side, each value marked as shared with the
 * other side, differing from it, or present on one side only. */
function SideBySide({ alert }: { alert: AlertDetail }) {
  const c = alert.customer_record?.properties;
  const e = alert.entity_record?.properties;
  return (
    <table class="compare" data-testid="compare">
      <caption class="sr-only">Customer record compared with the listed entity</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Customer {alert.customer.id}</th>
          <th scope="col">
            Listed entity{" "}
            <a href={entityPath(alert.entity.id)} onClick={onLinkClick}>
              {alert.entity.id}
            </a>
          </th>
        </tr>
      </thead>
      <tbody>
        {GROUPS.map((g) => {
          const cv = collect(c, g.props);
          const ev = collect(e, g.props);
          if (cv.length === 0 && ev.length === 0) return null;
          const mark = (v: string, other: string[]) =>
            other.length === 0 ? "only" : other.some((o) => g.cmp(v, o)) ? "same" : "diff";
          return (
            <tr key={g.label}>
              <th scope="row">{g.label}</th>
              {[
                [cv, ev],
                [ev, cv],
              ].map(([mine, other], side) => (
                <td key={side}>
                  {mine.length === 0 ? (
                    <span class="muted">—</span>
                  ) : (
                    mine.map((v) => {
                      const m = mark(v, other);
                      return (
                        <div key={v} class={`val val-${m}`}>
                          {v}
                          <span class="sr-only">
                            {m === "same" ? " (same on both sides)" : m === "diff" ? " (differs)" : " (only on this side)"}
                          </span>
                        </div>
                      );
                    })
                  )}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DecisionForm({
  alert,
  canDecide,
  preset,
  onDecided,
}: {
  alert: AlertDetail;
  canDecide: boolean;
  preset: { decision: string; n: number } | null;
  onDecided: (a: AlertDetail) => void;
}) {
  const [decision, setDecision] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setDecision("");
    setReason("");
    setError(null);
  }, [alert.id]);

  useEffect(() => {
    if (preset && canDecide) {
      setDecision(preset.decision);
      reasonRef.current?.focus();
    }
  }, [preset]);

  if (!canDecide)
    return (
      <p class="muted" data-testid="read-only">
        Your key has read access only: deciding alerts needs an analyst key.
      </p>
    );

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!decision) return setError("Choose a decision.");
    if (!reason.trim()) {
      reasonRef.current?.focus();
      return setError("Give a reason: it goes to the audit trail.");
    }
    setBusy(true);
    try {
      const updated = await api<AlertDetail>(`/alerts/${encodeURIComponent(alert.id)}/decision`, {
        method: "POST",
        body: JSON.stringify({ decision, reason: reason.trim() }),
      });
      setError(null);
      onDecided(updated);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="decide" onSubmit={submit} aria-labelledby="h-decide">
      <h3 id="h-decide">Decision</h3>
      <fieldset>
        <legend class="sr-only">Decision</legend>
        {DECISIONS.map((d) => (
          <label key={d.value} class={`choice choice-${d.value}`}>
            <input
              type="radio"
              name="decision"
              value={d.value}
              checked={decision === d.value}
              onChange={() => setDecision(d.value)}
            />
            {d.label} <kbd>{d.key}</kbd>
          </label>
        ))}
      </fieldset>
      <label for="reason">Reason (required)</label>
      <textarea
        id="reason"
        ref={reasonRef}
        rows={3}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit();
          if (e.key === "Escape") (e.currentTarget as HTMLTextAreaElement).blur();
        }}
        placeholder="e.g. different date of birth and nationality"
      />
      <ErrorBox error={error} />
      <button type="submit" class="primary" disabled={busy}>
        Record decision <kbd>Ctrl+Enter</kbd>
      </button>
    </form>
  );
}

export function AlertsPage({
  session,
  selected,
  query,
}: {
  session: Session;
  selected: string | null;
  query: URLSearchParams;
}) {
  const status = query.get("status") ?? "open";
  const dataset = query.get("dataset") ?? "";
  const minScore = query.get("min_score") ?? "";
  const [list, setList] = useState<AlertList | null>(null);
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [datasets, setDatasets] = useState<string[]>([]);
  const [preset, setPreset] = useState<{ decision: string; n: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const canDecide = session.scope === "analyst" || session.scope === "admin";

  const search = (patch: Record<string, string>) => {
    const q = new URLSearchParams({ status, dataset, min_score: minScore, ...patch });
    for (const [k, v] of [...q.entries()]) if (!v) q.delete(k);
    return q.toString();
  };
  const go = (id: string | null, patch: Record<string, string> = {}, replace = false) =>
    navigate(`/ui/alerts${id ? `/${encodeURIComponent(id)}` : ""}?${search(patch)}`, replace);

  const load = async () => {
    const q = new URLSearchParams({ status, limit: "100" });
    if (dataset) q.set("dataset", dataset);
    if (minScore) q.set("min_score", minScore);
    try {
      setList(await api<AlertList>(`/alerts?${q}`));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    load();
  }, [status, dataset, minScore]);

  useEffect(() => {
    api<ListsResponse>("/lists")
      .then((r) => setDatasets(r.lists.map((l) => l.dataset)))
      .catch(() => setDatasets([]));
  }, []);

  useEffect(() => {
    setDetail(null);
    if (!selected) return;
    api<AlertDetail>(`/alerts/${encodeURIComponent(selected)}`)
      .then(setDetail)
      .catch((e) => setError(e.message));
  }, [selected]);

  const alerts: AlertSummary[] = list?.alerts ?? [];
  const index = alerts.findIndex((a) => a.id === selected);

  // A layout effect: the listener that sees the alert shown is in place before it is
  // painted, so a key pressed as soon as the alert appears is not lost.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "j" || e.key === "k") {
        const next = index < 0 ? 0 : Math.max(0, Math.min(alerts.length - 1, index + (e.key === "j" ? 1 : -1)));
        if (alerts[next]) {
          e.preventDefault();
          go(alerts[next].id, {}, true);
          document.getElementById(`alert-${alerts[next].id}`)?.focus();
        }
      } else if (e.key === "?") {
        setHelp((h) => !h);
      } else if (detail && canDecide) {
        const d = DECISIONS.find((d) => d.key === e.key);
        if (d) {
          e.preventDefault();
          setPreset({ decision: d.value, n: Date.now() });
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [alerts, index, detail, canDecide]);

  const decided = (updated: AlertDetail) => {
    setNotice(`Alert ${updated.id} (${updated.customer.name} ~ ${updated.entity.caption}) recorded as ${statusLabel(updated.status)}.`);
    // The next alert of the queue, if the decided one leaves it.
    const rest = alerts.filter((a) => a.id !== updated.id);
    const next = status === "all" || status === updated.status ? updated.id : rest[Math.min(index, rest.length - 1)]?.id ?? null;
    load();
    if (next === updated.id) setDetail(updated);
    else go(next, {}, true);
  };

  return (
    <div class="alerts-page">
      <h1>Alerts</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter alerts">
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => go(null, { status: e.currentTarget.value })}>
            {STATUSES.map((s) => (
              <option value={s}>{statusLabel(s)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-list">List</label>
          <select id="f-list" value={dataset} onChange={(e) => go(null, { dataset: e.currentTarget.value })}>
            <option value="">All lists</option>
            {datasets.map((d) => (
              <option value={d}>{datasetLabel(d)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-score">Minimum score</label>
          <input
            id="f-score"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={minScore}
            onChange={(e) => go(null, { min_score: e.currentTarget.value })}
          />
        </div>
        <button type="button" class="link" onClick={() => setHelp(!help)} aria-expanded={help}>
          Keyboard shortcuts
        </button>
      </form>
      {help && (
        <dl class="shortcuts card">
          <dt>
            <kbd>j</kbd> / <kbd>k</kbd>
          </dt>
          <dd>next / previous alert</dd>
          <dt>
            <kbd>t</kbd> <kbd>f</kbd> <kbd>e</kbd>
          </dt>
          <dd>decide true match, false positive, escalate (then type the reason)</dd>
          <dt>
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </dt>
          <dd>record the decision</dd>
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>show or hide this help</dd>
        </dl>
      )}
      <ErrorBox error={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <div class="queue-layout">
        <section class="queue" aria-labelledby="h-queue">
          <h2 id="h-queue">
            Queue <span class="muted small">({list ? `${list.total} ${statusLabel(status)}` : "…"})</span>
          </h2>
          {list && alerts.length === 0 && <p class="muted">No alerts.</p>}
          <ul class="queue-list" data-testid="queue">
            {alerts.map((a) => (
              <li key={a.id}>
                <a
                  id={`alert-${a.id}`}
                  href={`/ui/alerts/${encodeURIComponent(a.id)}?${search({})}`}
                  onClick={onLinkClick}
                  aria-current={a.id === selected ? "true" : undefined}
                  data-alert={a.id}
                >
                  <span class="q-names">
                    <strong>{a.customer.name}</strong>
                    <span class="muted"> ~ {a.entity.caption}</span>
                  </span>
                  <span class="q-meta small">
                    <span class={`status status-${a.status}`}>{statusLabel(a.status)}</span>
                    {a.reopened && <span class="badge reopened">reopened</span>}
                    {a.entity.datasets.map(datasetLabel).join(", ")}
                  </span>
                  <ScoreBar score={a.score} label={`Score of alert ${a.id}`} />
                </a>
              </li>
            ))}
          </ul>
        </section>
        <section class="alert-detail" aria-labelledby="h-alert" aria-live="polite">
          {!selected && <p class="muted">Select an alert (or press j).</p>}
          {selected && !detail && <p role="status">Loading…</p>}
          {detail && (
            <>
              <h2 id="h-alert">
                {detail.customer.name} ~ {detail.entity.caption}
              </h2>
              <p class="muted small">
                {detail.id} · <span class={`status status-${detail.status}`}>{statusLabel(detail.status)}</span> · created{" "}
                {fmtDate(detail.created_at)} · customer version {detail.customer.version} · {detail.algorithm} ·{" "}
                {Object.entries(detail.list_versions ?? {})
                  .map(([k, v]) => `${k} ${v}`)
                  .join(", ")}
              </p>
              <ScoreBar score={detail.score} />
              <Badges entity={{ datasets: detail.entity.datasets, properties: detail.entity_record?.properties ?? {} }} />
              <SideBySide alert={detail} />
              {detail.changes.length > 0 && (
                <div class="changes">
                  <h3>Why it reopened</h3>
                  <ul>
                    {detail.changes.map((c, i) => (
                      <li key={i}>
                        {c.side} {propertyLabel(c.field)}: {c.added.length > 0 && <>added {c.added.join(", ")} </>}
                        {c.removed.length > 0 && <>removed {c.removed.join(", ")}</>}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {detail.explanation && (
                <details class="why" open>
                  <summary>Why it matched</summary>
                  <ExplanationView explanation={detail.explanation} />
                </details>
              )}
              <DecisionForm alert={detail} canDecide={canDecide} preset={preset} onDecided={decided} />
              {detail.decisions.length > 0 && (
                <div class="history">
                  <h3>Decisions</h3>
                  <ol>
                    {detail.decisions.map((d, i) => (
                      <li key={i}>
                        <strong>{statusLabel(d.decision)}</strong> by {d.analyst}, {fmtDate(d.at)}: {d.reason}
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
