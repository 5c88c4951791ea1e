// The policy benchmark as it runs inside the page. policy.mjs imports this module into a page
// and calls `run`; it resolves to plain data (times in milliseconds).
//
// The contenders are account-rules' PasswordPolicy.check (two policies, with and without the
// strength estimate) and the comparable rule set written in password-validator and
// password-sheriff, each called the way a signup form would call it: once per keystroke.

/** The rules of the comparable rule set, as named in our policy document, in order. */
const RULES = ['length', 'characterClasses', 'repetition', 'pattern', 'commonPasswords'];
const BIT = Object.fromEntries(RULES.map((rule, i) => [rule, 1 << i]));

/** Which of our rules each password-validator validation (its `details` name) stands for. */
const VALIDATOR_RULE = {
  min: 'length',
  max: 'length',
  uppercase: 'characterClasses',
  lowercase: 'characterClasses',
  digits: 'characterClasses',
  symbols: 'characterClasses',
  not: 'repetition', // the only `not(pattern)` below is the repetition pattern
  spaces: 'pattern',
  oneOf: 'commonPasswords',
};

/** Which of our rules each password-sheriff rule (its `missing()` code) stands for. */
const SHERIFF_RULE = {
  lengthAtLeast: 'length',
  maxLength: 'length',
  shouldContain: 'characterClasses',
  identicalChars: 'repetition',
};

const codePointPrefixes = (password) => {
  const chars = Array.from(password);
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bit mask of the rules (of RULES) that a failed-item list names, through `ruleOf`. */
const maskOf = (names, ruleOf) => names.reduce((mask, name) => mask | BIT[ruleOf[name]], 0);

async function loadLibraries({ ours, peers, comparableDocument }) {
  const { default: init, PasswordPolicy } = await import(ours);
  await init();
  const { default: PasswordValidator } = await import(peers['password-validator']);
  const { default: commonPasswords } = await import(peers['common-passwords']);
  const { PasswordPolicy: SheriffPolicy, charsets } = await import(peers['password-sheriff']);

  const validator = new PasswordValidator()
    .is().min(12)
    .is().max(64)
    .has().uppercase()
    .has().lowercase()
    .has().digits()
    .has().symbols()
    .not(/(.)\1{3}/iu) // at most 3 identical characters in a row, case folded as ours does
    .not().spaces()
    .is().not().oneOf(commonPasswords);
  const sheriff = new SheriffPolicy({
    length: { minLength: 12 },
    maxLength: { maxBytes: 64 },
    contains: {
      expressions: [
        charsets.upperCase,
        charsets.lowerCase,
        charsets.numbers,
        charsets.specialCharacters,
      ],
    },
    identicalChars: { max: 3 },
  });
  return {
    classic: PasswordPolicy.preset('classic-enterprise'),
    comparable: PasswordPolicy.fromJson(comparableDocument),
    validator,
    sheriff,
  };
}

/** The timed calls, each on one input ({ password, candidate }). */
function contendersOf({ classic, comparable, validator, sheriff }) {
  const rulesOnly = { locale: 'en', strength: false };
  const withStrength = { locale: 'en', strength: true };
  return [
    {
      id: 'ours-comparable',
      call: ({ candidate }) => comparable.check(candidate, rulesOnly),
    },
    {
      id: 'ours-comparable-strength',
      call: ({ candidate }) => comparable.check(candidate, withStrength),
    },
    {
      id: 'ours-classic',
      call: ({ candidate }) => classic.check(candidate, rulesOnly),
    },
    {
      id: 'ours-classic-strength',
      call: ({ candidate }) => classic.check(candidate, withStrength),
    },
    {
      id: 'validator-details',
      call: ({ password }) => validator.validate(password, { details: true }),
    },
    {
      id: 'validator',
      call: ({ password }) => validator.validate(password),
    },
    {
      id: 'sheriff-missing',
      call: ({ password }) => sheriff.missing(password),
    },
    {
      id: 'sheriff',
      call: ({ password }) => sheriff.check(password),
    },
  ];
}

/** Per input, the rules each library failed, as bit masks over RULES (untimed). */
function verdictsOf({ comparable, validator, sheriff }, inputs) {
  const failedRules = {
    'account-rules': ({ candidate }) =>
      comparable
        .check(candidate, { locale: 'en', strength: false })
        .rules.filter((r) => r.status === 'failed')
        .reduce((mask, r) => mask | BIT[r.rule], 0),
    'password-validator': ({ password }) =>
      maskOf(validator.validate(password, { list: true }), VALIDATOR_RULE),
    'password-sheriff': ({ password }) =>
      maskOf(
        sheriff.missing(password).rules.filter((r) => !r.verified).map((r) => r.code),
        SHERIFF_RULE,
      ),
  };
  return Object.fromEntries(
    Object.entries(failedRules).map(([name, failed]) => [name, inputs.map(failed)]),
  );
}

/** Per-call time of `call(input)`, averaged over `n` calls in a row. */
function timeBatch(call, input, n) {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) call(input);
  return (performance.now() - start) / n;
}

/**
 * Runs the whole measure. `config`: { ours, peers, comparableDocument, identity, passwords,
 * warmup, warmupCalls, probes, batchTargetMs, maxBatch }. Every prefix of every password is one
 * input; its candidate carries `identity` (username, email, display name), as a signup form
 * would send. `probes` are extra inputs, checked once each, untimed, only to compare verdicts.
 *
 * Warm-up: passes over the warm-up passwords' inputs, contender after contender, until each has
 * made `warmupCalls` calls; then one more pass per contender, timed as a whole, sets its batch
 * size n (calls per timed batch) so that a batch lasts about `batchTargetMs`. Then contenders
 * take turns password by password, in an order that rotates, and every input is timed as one
 * batch of n calls.
 *
 * Resolves to { rules, expresses, contenders: [{ id, batch, times }], agreement }, where
 * agreement.workload and agreement.probes are each { inputs, verdicts }.
 */
export async function run(config) {
  const libraries = await loadLibraries(config);
  const contenders = contendersOf(libraries);
  const inputOf = (password) => ({ password, candidate: { password, ...config.identity } });
  const inputsOf = (password) => codePointPrefixes(password).map(inputOf);
  const measured = config.passwords.map(inputsOf);
  const warmup = config.warmup.flatMap(inputsOf);

  const passes = Math.ceil(config.warmupCalls / warmup.length);
  for (let pass = 0; pass < passes; pass += 1) {
    for (const contender of contenders) {
      for (const input of warmup) contender.call(input);
    }
  }
  for (const contender of contenders) {
    const start = performance.now();
    for (const input of warmup) contender.call(input);
    const perCall = (performance.now() - start) / warmup.length;
    contender.batch = Math.min(config.maxBatch, Math.max(1, Math.ceil(config.batchTargetMs / perCall)));
    contender.times = [];
  }

  for (const [i, inputs] of measured.entries()) {
    for (let turn = 0; turn < contenders.length; turn += 1) {
      const contender = contenders[(i + turn) % contenders.length];
      for (const input of inputs) {
        contender.times.push(timeBatch(contender.call, input, contender.batch));
      }
    }
    if ((i + 1) % 100 === 0) {
      console.log(`policy: ${i + 1}/${measured.length} passwords`);
      await sleep(0);
    }
  }

  const agreementSet = (inputs) => ({
    inputs: inputs.map((input) => input.password),
    verdicts: verdictsOf(libraries, inputs),
  });
  const rulesIn = (ruleOf) => RULES.filter((rule) => Object.values(ruleOf).includes(rule));
  return {
    rules: RULES,
    expresses: {
      'account-rules': RULES,
      'password-validator': rulesIn(VALIDATOR_RULE),
      'password-sheriff': rulesIn(SHERIFF_RULE),
    },
    contenders: contenders.map(({ id, batch, times }) => ({ id, batch, times })),
    agreement: {
      workload: agreementSet(measured.flat()),
      probes: agreementSet(config.probes.map(inputOf)),
    },
  };
}
