import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, SimulationNodeDatum } from "d3-force";
import { useMemo, useRef, useState } from "preact/hooks";
import { GraphResponse } from "../api";
import { programBadge } from "../labels";
import { entityPath, navigate, onLinkClick } from "../router";

interface Node extends SimulationNodeDatum {
  id: string;
  caption: string;
  listed: boolean;
  center: boolean;
  depth: number;
  path: string;
  programs: string[];
  dataset: string;
}

interface Link {
  source: Node;
  target: Node;
  kind: string;
  detail: string | null;
}

const W = 760;
const H = 420;

/** A deterministic force layout (d3-force, fixed number of ticks, no animation). */
function layout(graph: GraphResponse): { nodes: Node[]; links: Link[] } {
  const nodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    caption: n.caption,
    listed: n.listed,
    center: n.id === graph.center,
    depth: n.depth,
    path: n.path,
    programs: n.programs,
    dataset: n.datasets[0] ?? "",
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const center = byId.get(graph.center);
  if (center) {
    center.fx = 0;
    center.fy = 0;
  }
  const links: Link[] = graph.edges
    .filter((e) => byId.has(e.from) && byId.has(e.to))
    .map((e) => ({ source: byId.get(e.from)!, target: byId.get(e.to)!, kind: e.kind, detail: e.detail }));
  const sim = forceSimulation(nodes)
    .force("link", forceLink<Node, Link>(links).distance(110).strength(0.7))
    .force("charge", forceManyBody().strength(-420))
    .force("collide", forceCollide(38))
    .force("x", forceX(0).strength(0.04))
    .force("y", forceY(0).strength(0.08))
    .stop();
  sim.tick(300);
  return { nodes, links };
}

function short(text: string, n = 26): string {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

/** The relationship network: listed parties filled, non-listed parties dashed; drag to
 * move a node, click or Enter to open a listed party. */
export function Network({ graph }: { graph: GraphResponse }) {
  const { nodes, links } = useMemo(() => layout(graph), [graph]);
  const [, redraw] = useState(0);
  const [hover, setHover] = useState<Node | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ node: Node; moved: boolean } | null>(null);

  const xs = nodes.map((n) => n.x ?? 0);
  const ys = nodes.map((n) => n.y ?? 0);
  const pad = 70;
  const minX = Math.min(...xs, -W / 4) - pad;
  const maxX = Math.max(...xs, W / 4) + pad;
  const minY = Math.min(...ys, -H / 4) - pad / 2;
  const maxY = Math.max(...ys, H / 4) + pad / 2;
  const viewBox = useMemo(() => `${minX} ${minY} ${maxX - minX} ${maxY - minY}`, [graph]);

  const toSvg = (e: PointerEvent): [number, number] => {
    const svg = svgRef.current!;
    const pt = svg.createSVGPoint();
    pt.x = e.clientX;
    pt.y = e.clientY;
    const p = pt.matrixTransform(svg.getScreenCTM()!.inverse());
    return [p.x, p.y];
  };

  const open = (n: Node) => {
    if (n.listed && !n.center) navigate(entityPath(n.id));
  };

  if (nodes.length <= 1)
    return <p class="muted">No relationships: the lists state no family, associates, owners or directors for this entity.</p>;

  return (
    <div class="network">
      <p class="legend small">
        <span class="dot listed" /> listed party <span class="dot unlisted" /> named by a list, not listed itself{" "}
        <span class="dot center" /> this entity · drag to move, click or Enter to open
      </p>
      <svg
        ref={svgRef}
        viewBox={viewBox}
        role="group"
        aria-label={`Relationship network of ${nodes.find((n) => n.center)?.caption ?? graph.center}`}
        onPointerMove={(e) => {
          if (!drag.current) return;
          const [x, y] = toSvg(e);
          drag.current.node.x = x;
          drag.current.node.y = y;
          drag.current.moved = true;
          redraw((v) => v + 1);
        }}
        onPointerUp={() => {
          const d = drag.current;
          drag.current = null;
          if (d && !d.moved) open(d.node);
        }}
        onPointerLeave={() => (drag.current = null)}
      >
        <g class="edges">
          {links.map((l, i) => (
            <g key={i} class={`edge edge-${l.kind.toLowerCase()}`}>
              <line x1={l.source.x} y1={l.source.y} x2={l.target.x} y2={l.target.y} />
              <text x={((l.source.x ?? 0) + (l.target.x ?? 0)) / 2} y={((l.source.y ?? 0) + (l.target.y ?? 0)) / 2 - 4}>
                {short(l.detail ?? l.kind, 22)}
              </text>
            </g>
          ))}
        </g>
        <g class="nodes">
          {nodes.map((n) => (
            <g
              key={n.id}
              class={`node ${n.listed ? "listed" : "unlisted"} ${n.center ? "center" : ""} ${hover === n ? "hover" : ""}`}
              transform={`translate(${n.x},${n.y})`}
              tabIndex={0}
              role={n.listed && !n.center ? "link" : "img"}
              aria-label={`${n.caption}${n.listed ? ", listed" : ", not listed"}${n.center ? " (this entity)" : `, ${n.path}`}`}
              data-id={n.id}
              onPointerDown={(e) => {
                (e.currentTarget as Element).closest("svg")?.setPointerCapture?.(e.pointerId);
                drag.current = { node: n, moved: false };
              }}
              onMouseEnter={() => setHover(n)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover(n)}
              onBlur={() => setHover(null)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  open(n);
                }
              }}
            >
              <circle r={n.center ? 16 : 11} />
              <text y={n.center ? 30 : 25}>{short(n.caption)}</text>
              {n.programs.length > 0 && (
                <text y={n.center ? 42 : 37} class="prog">
                  {short(n.programs.map((p) => programBadge(n.dataset, p)).join(", "), 24)}
                </text>
              )}
            </g>
          ))}
        </g>
      </svg>
      <p class="hover-path small" aria-live="polite">
        {hover ? (hover.center ? hover.caption : `${hover.path}`) : "Hover or focus a node to see how it is connected."}
      </p>
      {graph.truncated && <p class="muted small">The network is cut off at {nodes.length} parties.</p>}
      <h3>Paths to listed parties</h3>
      {graph.related.length ? (
        <table class="props" data-testid="related">
          <thead>
            <tr>
              <th scope="col">Listed party</th>
              <th scope="col">Link</th>
              <th scope="col">Exposure</th>
              <th scope="col">Path</th>
            </tr>
          </thead>
          <tbody>
            {graph.related.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={entityPath(r.id)} onClick={onLinkClick}>
                    {r.caption}
                  </a>
                </td>
                <td>{r.detail ?? r.kind}</td>
                <td>{r.exposure}</td>
                <td class="small">{r.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No listed party within {graph.depth} links.</p>
      )}
    </div>
  );
}
