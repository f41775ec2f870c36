import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, apiKey, ApiError, Session, setApiKey } from "./api";
import { Location, navigate, onLinkClick, useLocation } from "./router";
import { SearchPage } from "./pages/search";
import { EntityPage } from "./pages/entity";
import { AlertsPage } from "./pages/alerts";
import { AuditPage } from "./pages/audit";
import { ListsPage } from "./pages/lists";
import { Login } from "./pages/login";
import "./style.css";

const NAV = [
  { href: "/ui/search", label: "Search", match: (p: string) => p === "/" || p.startsWith("/ui/search") || p.startsWith("/ui/entity") },
  { href: "/ui/alerts", label: "Alerts", match: (p: string) => p.startsWith("/ui/alerts") },
  { href: "/ui/audit", label: "Audit", match: (p: string) => p.startsWith("/ui/audit") },
  { href: "/ui/lists", label: "Lists", match: (p: string) => p.startsWith("/ui/lists") },
];

function Page({ loc, session }: { loc: Location; session: Session }) {
  const path = loc.path;
  const entity = path.match(/^\/ui\/entity\/(.+)$/);
  if (entity) return <EntityPage id={decodeURIComponent(entity[1])} />;
  const alert = path.match(/^\/ui\/alerts\/(.+)$/);
  if (path === "/ui/alerts" || alert)
    return <AlertsPage session={session} selected={alert ? decodeURIComponent(alert[1]) : null} query={loc.query} />;
  if (path === "/ui/audit") return <AuditPage />;
  if (path === "/ui/lists") return <ListsPage />;
  return <SearchPage query={loc.query} />;
}

function App() {
  const loc = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    setChecking(true);
    try {
      setSession(await api<Session>("/session"));
      setError(null);
    } catch (e) {
      setSession(null);
      if (e instanceof ApiError && e.status === 401) {
        if (apiKey()) setError(e.message);
        setApiKey(null);
      } else setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    check();
  }, []);

  useEffect(() => {
    const title = NAV.find((n) => n.match(loc.path))?.label ?? "Search";
    document.title = `${title} · Vetter`;
  }, [loc.path]);

  if (checking && !session) return <p class="loading" role="status">Loading…</p>;
  if (!session)
    return (
      <Login
        error={error}
        onLogin={(key) => {
          setApiKey(key);
          check();
        }}
      />
    );

  const canDecide = session.scope === "analyst" || session.scope === "admin";
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/ui/search" onClick={onLinkClick}>
          Vetter
        </a>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <a href={n.href} onClick={onLinkClick} aria-current={n.match(loc.path) ? "page" : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span data-testid="session">
            {session.key ?? "anonymous"} · <span class={`role role-${session.scope}`}>{canDecide ? session.scope : "read-only"}</span>
          </span>
          <button
            type="button"
            class="link"
            onClick={() => {
              setApiKey(null);
              setSession(null);
              setError(null);
              navigate("/ui/search");
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page loc={loc} session={session} />
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
