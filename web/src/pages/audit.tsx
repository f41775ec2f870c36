import { useEffect, useState } from "preact/hooks";
import { api, AuditResponse } from "../api";
import { ErrorBox, fmtDate } from "../components";
import { onLinkClick } from "../router";

const PAGE = 50;

function details(d: Record<string, unknown>): string {
  return Object.entries(d ?? {})
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" · ");
}

export function AuditPage() {
  const [page, setPage] = useState(0);
  const [data, setData] = useState<AuditResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<AuditResponse>(`/audit?limit=${PAGE}&offset=${page * PAGE}`)
      .then((r) => {
        setData(r);
        setError(null);
      })
      .catch((e) => setError(e.message));
  }, [page]);

  return (
    <div>
      <h1>Audit trail</h1>
      <p class="muted">Every decision and monitoring run, newest first, as the server recorded it (append-only).</p>
      <ErrorBox error={error} />
      {data && (
        <>
          <table class="audit" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {data.events.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td class="nowrap">{fmtDate(e.at)}</td>
                  <td>{e.kind.replace("_", " ")}</td>
                  <td>{e.actor}</td>
                  <td>
                    {e.subject?.startsWith("a-") ? (
                      <a href={`/ui/alerts/${encodeURIComponent(e.subject)}?status=all`} onClick={onLinkClick}>
                        {e.subject}
                      </a>
                    ) : (
                      e.subject
                    )}
                  </td>
                  <td class="small">{details(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Audit pages">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span>
              {data.total === 0 ? "No events" : `${page * PAGE + 1}–${Math.min(data.total, (page + 1) * PAGE)} of ${data.total}`}
            </span>
            <button type="button" disabled={(page + 1) * PAGE >= data.total} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
