// End-to-end test of the analyst UI in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core). Run by crates/vetter-cli/tests/ui_browser.rs against a real
// `vetter serve` on the bundled lists; it can also be run by hand:
//
//   VETTER_URL=http://127.0.0.1:8000 VETTER_ANALYST_KEY=… VETTER_READ_KEY=… node web/e2e/ui.mjs
//
// Environment: VETTER_URL, VETTER_ANALYST_KEY, VETTER_READ_KEY, VETTER_ALERTS=1 when the
// server has an open alert for the customer "Kun Kim" (the test creates it with
// `vetter monitor`), VETTER_SCREENSHOTS=<dir> to save a PNG of each page,
// VETTER_FETCH_STORE=1 when the server's fetch store has OFAC SDN fetched as a new version
// and UN failing, VETTER_UPDATE_{ADDED,REMOVED,CHANGED} and VETTER_UPDATE_EXAMPLE (an added
// entity's name) when OFAC SDN's latest update is recorded.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.env.VETTER_URL;
const analystKey = process.env.VETTER_ANALYST_KEY;
const readKey = process.env.VETTER_READ_KEY;
const withAlerts = process.env.VETTER_ALERTS === "1";
const withFetchStore = process.env.VETTER_FETCH_STORE === "1";
const shots = process.env.VETTER_SCREENSHOTS;
if (!base || !analystKey || !readKey) {
  console.error("VETTER_URL, VETTER_ANALYST_KEY and VETTER_READ_KEY are required");
  process.exit(2);
}
if (shots) mkdirSync(shots, { recursive: true });

let failures = 0;
let passed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
}
function check(cond, message) {
  if (!cond) throw new Error(message);
}
async function shot(page, name, fullPage = false) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

const profile = mkdtempSync(join(tmpdir(), "vetter-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1366, height: 800 },
  timezoneId: "UTC",
  locale: "en-GB",
});
context.setDefaultTimeout(15000);
const page = context.pages()[0] ?? (await context.newPage());
const consoleErrors = [];
page.on("console", (m) => {
  // 401s are expected: the page asks /session before login, and the wrong-key check.
  if (m.type() === "error" && !/status of 401/.test(m.text())) consoleErrors.push(m.text());
});
page.on("pageerror", (e) => consoleErrors.push(String(e)));

async function login(p, key) {
  await p.goto(base + "/");
  await p.getByLabel("API key").fill(key);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Types a name into the search box and returns (in-page ms from the last keystroke to the
 * rendered results, wall-clock ms seen by the test). */
async function timedSearch(name) {
  const box = page.getByLabel("Name", { exact: true });
  await box.fill("");
  await box.fill(name.slice(0, -1));
  await page.waitForTimeout(50);
  const started = Date.now();
  await box.press(name.slice(-1) === " " ? "Space" : name.slice(-1));
  const list = page.locator(`ol.results[data-query="${name}"][data-latency-ms]`);
  await list.waitFor();
  const wall = Date.now() - started;
  const inPage = Number(await list.getAttribute("data-latency-ms"));
  return { inPage, wall };
}

await step("login page rejects a wrong key and accepts the analyst key", async () => {
  await page.goto(base + "/");
  await shot(page, "login");
  await page.getByLabel("API key").fill("not-a-key");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "Invalid API key" }).waitFor();
  await login(page, analystKey);
  const who = await page.getByTestId("session").textContent();
  check(/analyst|admin/.test(who), `session shows the analyst role: ${who}`);
});

await step('search "Kun Kim" as you type, with list and program badges', async () => {
  await page.getByLabel("Name", { exact: true }).waitFor();
  const { inPage, wall } = await timedSearch("Kun Kim");
  const first = page.locator("ol.results li.result").first();
  const text = await first.textContent();
  check(/KUN/i.test(text) && /Kim/i.test(text), `first result is KUN Kim: ${text}`);
  check(/US OFAC SDN/.test(text) && /US GLOMAG/.test(text), `badges US OFAC SDN and US GLOMAG: ${text}`);
  console.log(`     first search: ${inPage.toFixed(1)} ms in page, ${wall} ms wall`);
});

await step("search latency from keystroke to rendered results (bundled lists)", async () => {
  const names = ["Kun Kim", "Vladimir Putin", "Kim Jong Un", "Hamas", "Banco Nacional de Cuba", "Ali Khamenei", "Mohamed Ali", "Joseph Kony", "Sberbank", "Aleksandr Lukashenko"];
  const inPage = [];
  const wall = [];
  for (let round = 0; round < 2; round++)
      for (const n of names) {
      const t = await timedSearch(n);
      inPage.push(t.inPage);
      wall.push(t.wall);
      if (round === 1) console.log(`     ${n}: ${t.inPage.toFixed(1)} ms in page, ${t.wall} ms wall`);
    }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
  };
  console.log(`SEARCH LATENCY keystroke -> results rendered, ${inPage.length} searches: in page ${stats(inPage)}; wall clock ${stats(wall)}`);
});

await step("screen with explanation: which name parts matched which", async () => {
  await timedSearch("Kun Kim");
  await page.getByLabel("Birth date").fill("1954");
  await page.getByLabel("Birth date").press("Enter");
  await page.locator('ol.results[data-mode="screen"]').waitFor();
  await page.locator("ol.results li.result").first().getByRole("button", { name: "Why?" }).click();
  const why = page.locator(".result-why").first();
  await why.waitFor();
  const text = await why.textContent();
  check(/Query part/.test(text) && /kun/i.test(text), `alignment table shown: ${text}`);
  check(/birth date/i.test(text), `birth date evidence shown: ${text}`);
  await shot(page, "search");
});

await step("open the result: the entity page shows his wife CHANDY King and children SOPHARY Kim, PHARA Kim (OFAC's links)", async () => {
  await page.locator("ol.results a.result-name").first().click();
  await page.waitForURL(/\/ui\/entity\/ofac-/);
  await page.getByRole("heading", { level: 1 }).waitFor();
  const relations = page.getByTestId("relations");
  await relations.waitFor();
  const text = await relations.textContent();
  for (const name of ["CHANDY", "SOPHARY", "PHARA"]) check(text.includes(name), `relations include ${name}: ${text}`);
  await page.locator(".network svg .node").first().waitFor();
  const nodes = await page.locator(".network svg .node").count();
  check(nodes >= 4, `network has the family: ${nodes} nodes`);
  const related = await page.getByTestId("related").textContent();
  check(related.includes("SOPHARY") && related.includes("PHARA"), `paths to listed parties: ${related}`);
  await page.waitForTimeout(100);
  await shot(page, "entity", true);
});

await step("network: keyboard opens a related listed party", async () => {
  const node = page.locator('.network svg .node.listed[role="link"]').first();
  const id = await node.getAttribute("data-id");
  await node.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/ui/entity/${id}$`));
  await page.getByTestId("relations").waitFor();
  await page.goBack();
  await page.getByTestId("relations").waitFor();
});

await step("lists page: versions, counts and programs", async () => {
  await page.getByRole("link", { name: "Lists" }).click();
  const lists = page.getByTestId("lists");
  await lists.locator("section").first().waitFor();
  const text = await lists.textContent();
  check(text.includes("2023-12-28"), `OFAC SDN version shown: ${text.slice(0, 300)}`);
  check(/Designated/.test(text) && /GLOMAG/.test(text), "counts and programs shown");
  if (withFetchStore) {
    // OFAC SDN: a new version; UN: failed with HTTP 500, its version kept.
    const ofac = await page.getByTestId("last-fetch-ofac-sdn").textContent();
    check(/new version/.test(ofac) && /UTC/.test(ofac), `OFAC last fetch shown: ${ofac}`);
    const un = await page.getByTestId("last-fetch-un").textContent();
    check(/failed/.test(un) && /HTTP 500/.test(un) && /kept version/.test(un), `UN failure shown: ${un}`);
  }
  if (process.env.VETTER_UPDATE_ADDED) {
    const counts = await page.getByTestId("update-ofac-sdn").textContent();
    for (const [label, sign, env] of [
      ["Added", "+", "VETTER_UPDATE_ADDED"],
      ["Removed", "−", "VETTER_UPDATE_REMOVED"],
      ["Changed", "", "VETTER_UPDATE_CHANGED"],
    ]) {
      const expected = `${label}${sign}${Number(process.env[env]).toLocaleString("en")}`;
      check(counts.includes(expected), `${expected} in ${counts}`);
    }
    const card = page.locator("section", { has: page.getByTestId("update-ofac-sdn") });
    const example = process.env.VETTER_UPDATE_EXAMPLE;
    const link = card.getByRole("link", { name: example, exact: true });
    check(!(await link.isVisible()), "examples folded until asked for");
    await card.getByText("Examples of the changes").click();
    await link.waitFor();
  }
  await shot(page, "lists", true);
});

if (withAlerts) {
  let alertId = null;
  await step("alert queue: side by side, decide false positive, it leaves the queue", async () => {
    await page.getByRole("link", { name: "Alerts" }).click();
    const queue = page.getByTestId("queue");
    const item = queue.locator("a", { hasText: "Kun Kim" }).first();
    await item.waitFor();
    alertId = await item.getAttribute("data-alert");
    await item.click();
    const compare = page.getByTestId("compare");
    await compare.waitFor();
    const text = await compare.textContent();
    check(/Names/.test(text) && /KUN/i.test(text), `side by side shows the names: ${text}`);
    check((await compare.locator(".val-diff, .val-only").count()) > 0, "differences are highlighted");
    await shot(page, "alerts");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("f");
    await page.getByLabel("Reason (required)").waitFor();
    // The key presets the decision through a state update: wait for it to be rendered.
    await page
      .getByRole("radio", { name: /False positive/, checked: true })
      .waitFor({ timeout: 5000 })
      .catch(() => check(false, "f chose false positive"));
    await page.keyboard.type("Different person: birth year and nationality differ (e2e test)");
    await page.keyboard.press("Control+Enter");
    await page.getByRole("status").filter({ hasText: "false positive" }).waitFor();
    await queue.locator(`a[data-alert="${alertId}"]`).waitFor({ state: "detached" });
  });

  await step("audit view shows the decision", async () => {
    await page.getByRole("link", { name: "Audit" }).click();
    const audit = page.getByTestId("audit");
    const row = audit.locator("tr", { hasText: alertId }).filter({ hasText: /decision/i });
    await row.first().waitFor();
    const text = await row.first().textContent();
    check(/false.positive/i.test(text), `decision recorded: ${text}`);
    await shot(page, "audit");
  });

  await step("a read-only key sees the alert without decide buttons", async () => {
    const ro = await context.newPage();
    await login(ro, readKey);
    await ro.goto(`${base}/ui/alerts/${encodeURIComponent(alertId)}?status=all`);
    await ro.getByTestId("compare").waitFor();
    await ro.getByTestId("read-only").waitFor();
    check((await ro.getByRole("button", { name: /Record decision/ }).count()) === 0, "no decide button");
    await ro.close();
  });
} else {
  console.log("skip alert queue scenario: the server has no monitoring alerts (VETTER_ALERTS unset)");
}

await step("no errors in the browser console", async () => {
  check(consoleErrors.length === 0, consoleErrors.join("\n"));
});

await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
