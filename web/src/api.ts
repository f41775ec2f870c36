// The HTTP API of `vetter serve`, as the UI uses it. The API key lives in sessionStorage
// (gone when the tab closes) and goes out as `Authorization: Bearer <key>`.

const KEY = "vetter.apiKey";

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** An error answered by the server (`{"detail": …}`) or a network failure. */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const key = apiKey();
  if (key) headers.set("Authorization", `Bearer ${key}`);
  if (init.body) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, `Cannot reach the server: ${(e as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail =
      body && typeof body === "object" && "detail" in body
        ? String((body as { detail: unknown }).detail)
        : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, detail);
  }
  return body as T;
}

export type Props = Record<string, unknown[]>;

export interface Entity {
  id: string;
  caption: string;
  schema: string;
  properties: Props;
  datasets: string[];
  target?: boolean;
  last_seen?: string | null;
  score?: number;
}

export interface Alignment {
  query: string;
  candidate: string;
  kind: string;
  similarity: number;
  weight: number;
}

export interface NameComparison {
  score: number;
  support: number;
  query: string;
  candidate: string;
  property: string;
  alignment: Alignment[];
  query_only: string[];
  candidate_only: string[];
  conflict: number;
}

export interface Feature {
  feature: string;
  contribution: number;
  support_lift: number;
  query: string;
  candidate: string;
  detail: string;
}

export interface Explanation {
  algorithm: string;
  name: NameComparison | null;
  features: Feature[];
  schema?: string;
}

export interface Scored extends Entity {
  score: number;
  match: boolean;
  explanation?: Explanation;
}

export interface ListVersion {
  kind: string;
  dataset: string;
  version: string | null;
  entities: number;
}

export interface Versions {
  algorithm: string;
  lists: ListVersion[];
}

export interface SearchResponse {
  results: Scored[];
  total: { value: number; relation: string };
  versions: Versions;
}

export interface MatchResponse {
  responses: Record<string, { results: Scored[]; total: { value: number } }>;
  versions: Versions;
}

export interface Session {
  key: string | null;
  scope: string;
}

export interface GraphNode {
  id: string;
  caption: string;
  schema: string | null;
  datasets: string[];
  programs: string[];
  listed: boolean;
  depth: number;
  path: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: string;
  detail: string | null;
  sources: { dataset: string; record_id: string; list_version: string | null }[];
  resolution: string;
}

export interface Related {
  id: string;
  caption: string;
  schema: string | null;
  datasets: string[];
  programs: string[];
  kind: string;
  detail: string | null;
  depth: number;
  path: string;
  exposure: string;
}

export interface GraphResponse {
  center: string;
  depth: number;
  truncated: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
  related: Related[];
}

export interface AlertSummary {
  id: string;
  status: string;
  score: number;
  customer: { id: string; name: string; version: number };
  entity: { id: string; caption: string; schema: string; datasets: string[] };
  reopened: boolean;
  created_at: string;
  updated_at: string;
}

export interface AlertList {
  total: number;
  limit: number;
  offset: number;
  alerts: AlertSummary[];
}

export interface Decision {
  decision: string;
  analyst: string;
  reason: string;
  at: string;
}

export interface AlertDetail extends AlertSummary {
  customer_record: { schema: string; properties: Props };
  entity_record: { id: string; caption: string; schema: string; properties: Props; datasets: string[] };
  explanation: Explanation | null;
  algorithm: string;
  list_versions: Record<string, string>;
  changes: { side: string; field: string; added: string[]; removed: string[] }[];
  decisions: Decision[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  kind: string;
  actor: string;
  subject: string;
  details: Record<string, unknown>;
}

export interface AuditResponse {
  total: number;
  events: AuditEvent[];
}

export interface ListInfo {
  kind: string;
  dataset: string;
  title: string;
  version: string | null;
  age_days: number | null;
  entities: number;
  designated: number;
  links: number;
  schemata: Record<string, number>;
  programs: { program: string; entities: number }[];
  /** The last `vetter fetch` attempt; null without a fetch store or before any fetch. */
  last_fetch: LastFetch | null;
  /** What the latest stored update changed; null with fewer than two stored versions. */
  latest_update: LatestUpdate | null;
}

export interface LastFetch {
  kind: string;
  attempted_at: string;
  outcome: "new_version" | "unchanged" | "failed";
  error: string | null;
  version: string | null;
  list_version: string | null;
}

export interface UpdateVersion {
  id: string;
  list_version: string;
  retrieved_at: string;
  entities: number;
}

export interface UpdateExample {
  id: string;
  caption: string;
  fields: string[];
}

export interface LatestUpdate {
  kind: string;
  previous: UpdateVersion;
  current: UpdateVersion;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  examples: { added: UpdateExample[]; removed: UpdateExample[]; changed: UpdateExample[] };
}

export interface ListsResponse {
  lists: ListInfo[];
  versions: Versions;
}

/** The string values of a property. */
export function values(props: Props | undefined, name: string): string[] {
  const list = props?.[name];
  if (!Array.isArray(list)) return [];
  return list.filter((v): v is string => typeof v === "string");
}
