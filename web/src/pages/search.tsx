import { useEffect, useRef, useState } from "preact/hooks";
import { api, MatchResponse, Scored, SearchResponse, values } from "../api";
import { Badges, ErrorBox, ExplanationView, ScoreBar } from "../components";
import { SCHEMATA } from "../labels";
import { entityPath, navigate, onLinkClick } from "../router";

interface Form {
  name: string;
  birthDate: string;
  country: string;
  schema: string;
}

interface Results {
  /** The form the results answer. */
  form: Form;
  /** `search`: live name search while typing; `screen`: full screening with explanations. */
  mode: "search" | "screen";
  results: Scored[];
  /** Milliseconds from the keystroke (or submit) to the results on screen. */
  started: number;
}

function matchBody(form: Form) {
  const properties: Record<string, string[]> = { name: [form.name.trim()] };
  if (form.birthDate.trim()) properties.birthDate = [form.birthDate.trim()];
  if (form.country.trim()) properties.country = [form.country.trim()];
  return { queries: { q: { schema: form.schema || "LegalEntity", properties } } };
}

function fromQuery(query: URLSearchParams): Form {
  return {
    name: query.get("q") ?? "",
    birthDate: query.get("birthDate") ?? "",
    country: query.get("country") ?? "",
    schema: query.get("schema") ?? "",
  };
}

function toQuery(form: Form): string {
  const q = new URLSearchParams();
  if (form.name) q.set("q", form.name);
  if (form.birthDate) q.set("birthDate", form.birthDate);
  if (form.country) q.set("country", form.country);
  if (form.schema) q.set("schema", form.schema);
  return q.toString();
}

export function SearchPage({ query }: { query: URLSearchParams }) {
  const [form, setForm] = useState<Form>(() => fromQuery(query));
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [latency, setLatency] = useState<number | null>(null);
  const pending = useRef<AbortController | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const run = async (next: Form, mode: "search" | "screen", started: number, expand?: string) => {
    pending.current?.abort();
    if (!next.name.trim()) {
      setResults(null);
      return;
    }
    const ctrl = new AbortController();
    pending.current = ctrl;
    setBusy(true);
    try {
      let list: Scored[];
      if (mode === "search") {
        const q = new URLSearchParams({ q: next.name.trim(), limit: "20" });
        if (next.schema) q.set("schema", next.schema);
        const r = await api<SearchResponse>(`/search/default?${q}`, { signal: ctrl.signal });
        list = r.results;
      } else {
        const r = await api<MatchResponse>(`/match/default?limit=20&cutoff=0.4`, {
          method: "POST",
          body: JSON.stringify(matchBody(next)),
          signal: ctrl.signal,
        });
        list = r.responses.q?.results ?? [];
      }
      if (ctrl.signal.aborted) return;
      setError(null);
      setResults({ form: next, mode, results: list, started });
      setOpen(expand ? new Set([expand]) : new Set());
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError((e as Error).message);
    } finally {
      if (pending.current === ctrl) setBusy(false);
    }
  };

  // The time from the keystroke to the rendered results, once they are on screen.
  useEffect(() => {
    if (!results) return;
    requestAnimationFrame(() => {
      const ms = performance.now() - results.started;
      setLatency(ms);
      listRef.current?.setAttribute("data-latency-ms", ms.toFixed(1));
    });
  }, [results]);

  useEffect(() => {
    if (form.name) run(form, query.get("screen") ? "screen" : "search", performance.now());
  }, []);

  const update = (patch: Partial<Form>) => {
    const next = { ...form, ...patch };
    setForm(next);
    navigate(`/ui/search?${toQuery(next)}`, true);
    if ("name" in patch || "schema" in patch) run(next, "search", performance.now());
  };

  const screen = (e?: Event, expand?: string) => {
    e?.preventDefault();
    navigate(`/ui/search?${toQuery(form)}&screen=1`, true);
    run(form, "screen", performance.now(), expand);
  };

  const toggle = (id: string) => {
    if (results?.mode === "search") {
      screen(undefined, id);
      return;
    }
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  return (
    <div class="search-page">
      <h1>Search and screen</h1>
      <form class="search-form" onSubmit={screen} role="search">
        <div class="field grow">
          <label for="q">Name</label>
          <input
            id="q"
            type="search"
            value={form.name}
            autoFocus
            autoComplete="off"
            spellcheck={false}
            placeholder="e.g. Kun Kim"
            onInput={(e) => update({ name: e.currentTarget.value })}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                listRef.current?.querySelector<HTMLAnchorElement>("a.result-name")?.focus();
              }
            }}
          />
        </div>
        <div class="field">
          <label for="birthDate">Birth date</label>
          <input
            id="birthDate"
            value={form.birthDate}
            placeholder="YYYY or YYYY-MM-DD"
            pattern="\d{4}(-\d{2}(-\d{2})?)?"
            onInput={(e) => update({ birthDate: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="country">Country</label>
          <input
            id="country"
            value={form.country}
            placeholder="e.g. kh or Cambodia"
            onInput={(e) => update({ country: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="schema">Type</label>
          <select id="schema" value={form.schema} onChange={(e) => update({ schema: e.currentTarget.value })}>
            <option value="">Any</option>
            {SCHEMATA.filter((s) => s !== "LegalEntity").map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          Screen
        </button>
      </form>
      <p class="muted small" aria-live="polite">
        {busy
          ? "Searching…"
          : results
            ? `${results.results.length} result${results.results.length === 1 ? "" : "s"} for “${results.form.name}”` +
              (results.mode === "search"
                ? " (name search; press Enter to screen with birth date, country and explanations)"
                : " (screened)") +
              (latency !== null ? ` · ${latency.toFixed(0)} ms` : "")
            : "Type a name: results appear as you type. Enter screens with every field and explains each result."}
      </p>
      <ErrorBox error={error} />
      {results && (
        <ol
          class="results"
          ref={listRef}
          data-query={results.form.name}
          data-mode={results.mode}
          aria-label="Results"
          onKeyDown={(e) => {
            const links = Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>("a.result-name") ?? []);
            const i = links.indexOf(document.activeElement as HTMLAnchorElement);
            if (i < 0) return;
            if (e.key === "ArrowDown" && i + 1 < links.length) {
              e.preventDefault();
              links[i + 1].focus();
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              if (i === 0) document.getElementById("q")?.focus();
              else links[i - 1].focus();
            }
          }}
        >
          {results.results.map((r) => {
            const expanded = open.has(r.id) && !!r.explanation;
            const born = values(r.properties, "birthDate");
            const countries = [...values(r.properties, "nationality"), ...values(r.properties, "country")];
            return (
              <li class={`result ${r.match ? "is-match" : ""}`} key={r.id}>
                <div class="result-main">
                  <a class="result-name" href={entityPath(r.id)} onClick={onLinkClick}>
                    {r.caption}
                  </a>
                  <span class="muted small">
                    {r.schema} · {r.id}
                    {born.length > 0 && <> · born {born.join(", ")}</>}
                    {countries.length > 0 && <> · {[...new Set(countries)].join(", ")}</>}
                  </span>
                  <Badges entity={r} />
                </div>
                <ScoreBar score={r.score ?? 0} label={`Score of ${r.caption}`} />
                <button
                  type="button"
                  class="link explain-toggle"
                  aria-expanded={expanded}
                  aria-controls={`why-${r.id}`}
                  onClick={() => toggle(r.id)}
                >
                  {expanded ? "Hide explanation" : "Why?"}
                </button>
                {expanded && r.explanation && (
                  <div id={`why-${r.id}`} class="result-why">
                    <ExplanationView explanation={r.explanation} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
