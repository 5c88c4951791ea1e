// The access benchmark as it runs inside the page. access.mjs imports this module into a fresh
// page per model size and calls `run`; it resolves to plain data (times in milliseconds).
//
// Contenders: account-rules' AccessMatrix (`can`, and `check` with its explanation) and the same
// RBAC model in @casl/ability (one ability per checked user, its roles flattened), casbin
// (`enforceSync` on the classic RBAC model with `g` role links) and accesscontrol (roles with
// `$extend`; it has no users, so a check names the user's roles).

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

const medianOf = (values) => percentile([...values].sort((a, b) => a - b), 50);

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * Times `build()` up to `reps` times, but stops once `budgetMs` has been spent (at least once).
 * `dispose(value)` runs after each build, untimed, except for the last value, which is
 * returned. Resolves to { times, value }.
 */
async function timeBuilds(build, reps, budgetMs, dispose = () => {}) {
  const times = [];
  let value;
  let spent = 0;
  while (times.length < reps && (times.length === 0 || spent < budgetMs)) {
    if (value !== undefined) dispose(value);
    const start = performance.now();
    value = await build();
    const ms = performance.now() - start;
    times.push(ms);
    spent += ms;
    await sleep(0);
  }
  return { times, value };
}

// ---------------------------------------------------------------------------------------------
// The peers' models, built from the same document

/** Role → its parents, role → its grants, resource → its actions. */
function indexDocument(doc) {
  const parents = new Map(doc.roles.map((r) => [r.id, r.parents ?? []]));
  const grantsOf = new Map();
  for (const grant of doc.grants) {
    if (!grantsOf.has(grant.role)) grantsOf.set(grant.role, []);
    grantsOf.get(grant.role).push(grant);
  }
  const rolesOf = new Map(doc.users.map((u) => [u.id, u.roles ?? []]));
  return { parents, grantsOf, rolesOf };
}

/**
 * A CASL ability for one user: its roles and every ancestor role flattened (CASL has no roles),
 * one `can(actions, resource)` rule per grant of those roles, `manage` for `"*"`. The first
 * `can` is part of the build: CASL indexes its rules lazily, on the first check.
 */
function caslAbility(casl, index, user) {
  const closure = new Set();
  const stack = [...(index.rolesOf.get(user) ?? [])];
  while (stack.length) {
    const role = stack.pop();
    if (closure.has(role)) continue;
    closure.add(role);
    stack.push(...(index.parents.get(role) ?? []));
  }
  const { can, build } = new casl.AbilityBuilder(casl.createMongoAbility);
  for (const role of closure) {
    for (const grant of index.grantsOf.get(role) ?? []) {
      can(grant.actions === '*' ? 'manage' : grant.actions, grant.resource);
    }
  }
  const ability = build();
  ability.can('read', '__warm__');
  return ability;
}

// ---------------------------------------------------------------------------------------------
// Timing single checks

/** Per-call time of `call(input)`, averaged over `n` calls in a row. */
function timeBatch(call, input, n) {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) call(input);
  return (performance.now() - start) / n;
}

/**
 * Warm-up, then every input timed as one batch per contender, contenders taking turns in a
 * rotating order. Warm-up: passes over the inputs until a contender has made `warmupCalls`
 * calls or spent `warmupBudgetMs`; one more timed pass (or what fits in the budget) sets its
 * batch size n so that a batch lasts about `batchTargetMs`. A contender stops being measured
 * once its batches have taken `measureBudgetMs` in all (slow peers at large sizes).
 */
async function timeChecks(contenders, inputs, settings) {
  for (const contender of contenders) {
    let calls = 0;
    const warmStart = performance.now();
    outer: while (calls < settings.warmupCalls) {
      for (const input of inputs) {
        contender.call(input);
        calls += 1;
        if (calls >= settings.warmupCalls) break outer;
        if (calls % 16 === 0 && performance.now() - warmStart > settings.warmupBudgetMs) break outer;
      }
    }
    let n = 0;
    const start = performance.now();
    for (const input of inputs) {
      contender.call(input);
      n += 1;
      if (performance.now() - start > settings.warmupBudgetMs / 4) break;
    }
    const perCall = (performance.now() - start) / n;
    contender.warmupCalls = calls + n;
    contender.batch = Math.min(settings.maxBatch, Math.max(1, Math.ceil(settings.batchTargetMs / perCall)));
    contender.times = [];
    contender.spent = 0;
    contender.capped = false;
    await sleep(0);
  }
  for (const [i, input] of inputs.entries()) {
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const contender = contenders[(i + turn) % contenders.length];
      if (contender.spent > settings.measureBudgetMs) {
        contender.capped = true;
        continue;
      }
      const perCall = timeBatch(contender.call, input, contender.batch);
      contender.times.push(perCall);
      contender.spent += perCall * contender.batch;
    }
    if ((i + 1) % 250 === 0) {
      console.log(`access: ${i + 1}/${inputs.length} requests timed`);
      await sleep(0);
    }
  }
  return contenders.map(({ id, batch, times, warmupCalls, capped }) => ({
    id,
    batch,
    times,
    warmupCalls,
    capped,
  }));
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs the measures for one model size. `config`: { size, ours, peers: { casl, casbin,
 * accesscontrol }, files: { model, casbin, accesscontrol }, casbinModel, requests: [{ user,
 * action, resource }], settings }. Resolves to { size, compile, casl, agreement, checks, grid,
 * wasmMemory }.
 */
export async function run(config) {
  const { settings } = config;
  const { default: init, AccessMatrix } = await import(config.ours);
  const wasm = await init();
  const casl = await import(config.peers.casl);
  const casbin = await import(config.peers.casbin);
  const { AccessControl } = await import(config.peers.accesscontrol);

  const modelText = await fetchText(config.files.model);
  const casbinPolicy = await fetchText(config.files.casbin);
  const acRows = JSON.parse(await fetchText(config.files.accesscontrol));
  const doc = JSON.parse(modelText);
  const index = indexDocument(doc);
  const compile = {};
  const freeMatrix = (m) => m.free();

  // (3) Building each library's model. Ours first: the very first fromJson in a fresh page
  // (the wasm memory still at its initial size) is timed on its own.
  console.log(`access ${config.size}: compiling`);
  let start = performance.now();
  const first = AccessMatrix.fromJson(modelText);
  compile.oursFirst = performance.now() - start;
  first.free();
  compile.oursText = (
    await timeBuilds(() => AccessMatrix.fromJson(modelText), settings.compileReps, settings.buildBudgetMs, freeMatrix)
  ).times;
  const oursObject = await timeBuilds(
    () => AccessMatrix.fromJson(doc),
    settings.compileReps,
    settings.buildBudgetMs,
    freeMatrix,
  );
  compile.oursObject = oursObject.times;
  const matrix = oursObject.value;
  const wasmMemory = wasm.memory.buffer.byteLength;

  console.log(`access ${config.size}: building casbin`);
  const casbinBuild = await timeBuilds(
    () =>
      casbin.newEnforcer(
        casbin.newModelFromString(config.casbinModel),
        new casbin.StringAdapter(casbinPolicy),
      ),
    settings.peerBuildReps,
    settings.buildBudgetMs,
  );
  compile.casbin = casbinBuild.times;
  const enforcer = casbinBuild.value;

  console.log(`access ${config.size}: building accesscontrol`);
  const acBuild = await timeBuilds(() => new AccessControl(acRows), settings.peerBuildReps, settings.buildBudgetMs);
  compile.accesscontrol = acBuild.times;
  const ac = acBuild.value;

  // CASL: one ability per user that the requests name, each build timed.
  console.log(`access ${config.size}: building CASL abilities`);
  const abilities = new Map();
  const caslTimes = [];
  const caslRules = [];
  for (const { user } of config.requests) {
    if (abilities.has(user)) continue;
    start = performance.now();
    const ability = caslAbility(casl, index, user);
    caslTimes.push(performance.now() - start);
    caslRules.push(ability.rules.length);
    abilities.set(user, ability);
  }
  compile.casl = caslTimes;

  // The inputs, everything a contender needs resolved beforehand (untimed): the request
  // object for `check`, the user's ability for CASL, the user's roles for accesscontrol.
  const inputs = config.requests.map((r) => ({
    ...r,
    request: { user: r.user, action: r.action, resource: r.resource },
    ability: abilities.get(r.user),
    roles: index.rolesOf.get(r.user),
  }));

  // Agreement (untimed): every library's decision on every request.
  const decide = {
    'account-rules can': (x) => matrix.can(x.user, x.action, x.resource),
    'account-rules check': (x) => matrix.check(x.request).allowed,
    '@casl/ability': (x) => x.ability.can(x.action, x.resource),
    casbin: (x) => enforcer.enforceSync(x.user, x.resource, x.action),
    accesscontrol: (x) => ac.can(x.roles).do(x.action, x.resource).granted,
  };
  console.log(`access ${config.size}: agreement`);
  const decisions = {};
  for (const [name, fn] of Object.entries(decide)) {
    decisions[name] = [];
    const budgetStart = performance.now();
    for (const input of inputs) {
      decisions[name].push(fn(input));
      if (performance.now() - budgetStart > settings.agreementBudgetMs) break;
    }
    await sleep(0);
  }
  const sample = inputs.slice(0, 3).map((x) => ({ request: x.request, decision: matrix.check(x.request) }));

  // (1), (2) Single checks.
  console.log(`access ${config.size}: timing ${inputs.length} requests`);
  const contenders = [
    { id: 'ours-can', call: (x) => matrix.can(x.user, x.action, x.resource) },
    { id: 'ours-check', call: (x) => matrix.check(x.request) },
    { id: 'casl', call: (x) => x.ability.can(x.action, x.resource) },
    { id: 'accesscontrol', call: (x) => ac.can(x.roles).do(x.action, x.resource).granted },
    { id: 'casbin', call: (x) => enforcer.enforceSync(x.user, x.resource, x.action) },
  ];
  const checks = await timeChecks(contenders, inputs, settings);

  // (4) The full grid, on the size that asks for it.
  let grid = null;
  if (config.grid) {
    console.log(`access ${config.size}: grid`);
    const times = [];
    let shape = null;
    let spent = 0;
    while (times.length < settings.gridReps && (times.length === 0 || spent < settings.buildBudgetMs)) {
      start = performance.now();
      const result = matrix.grid();
      const ms = performance.now() - start;
      times.push(ms);
      spent += ms;
      // kinds: one byte per cell (0 none, 1 direct, 2 inherited, 3 denied, 4 conditional).
      const names = ['none', 'direct', 'inherited', 'denied', 'conditional'];
      const kinds = {};
      for (const kind of result.kinds) kinds[names[kind]] = (kinds[names[kind]] ?? 0) + 1;
      shape = { rows: result.roles.length, columns: result.columns.length, kinds };
      await sleep(0);
    }
    grid = { times, ...shape };
  }

  return {
    size: config.size,
    compile,
    caslRules,
    wasmMemory,
    agreement: { requests: config.requests, decisions, sample },
    checks,
    grid,
    medianCheckUs: medianOf(checks[0].times) * 1000,
  };
}
