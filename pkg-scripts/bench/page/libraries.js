// The libraries under test, behind one interface. Runs in the page and in workers.
//
// `loadLibrary(spec)` loads one library (fetching and compiling its code and setting up its
// dictionaries) and resolves to `estimate(password)`, which runs one strength estimate and
// returns { score, evaluatedChars, truncated }.
//
// A spec is { kind, url }:
//   kind 'account-rules' — url of the package's web build `account_rules.js`;
//   kind 'zxcvbn' / 'zxcvbn-ts' — url of the esbuild bundle of that peer (see strength.mjs).
// Nothing is imported until a loader runs, so importing this module loads no library.

const LOADERS = {
  async 'account-rules'(url) {
    const { default: init, estimateStrength, prepare } = await import(url);
    await init();
    prepare();
    return (password) => {
      const report = estimateStrength(password, { locale: 'en' });
      return {
        score: report.score,
        evaluatedChars: report.evaluatedChars,
        truncated: report.truncated,
      };
    };
  },

  // zxcvbn 4.4.2 builds its ranked dictionaries when its module is evaluated.
  async zxcvbn(url) {
    const { default: zxcvbn } = await import(url);
    return (password) => {
      const result = zxcvbn(password);
      return {
        score: result.score,
        evaluatedChars: result.password.length,
        truncated: result.password.length < password.length,
      };
    };
  },

  // Configured as the @zxcvbn-ts/core 4.x README says: common + English dictionaries, the common
  // adjacency graphs and English translations; the factory builds its ranked dictionaries.
  async 'zxcvbn-ts'(url) {
    const { ZxcvbnFactory, common, en } = await import(url);
    const factory = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (password) => {
      const result = factory.check(password);
      // check() scores only the first `maxLength` characters (256 by default) and returns them
      // as result.password.
      const evaluatedChars = result.password.length;
      return { score: result.score, evaluatedChars, truncated: evaluatedChars < password.length };
    };
  },
};

export async function loadLibrary(spec) {
  const loader = LOADERS[spec.kind];
  if (!loader) throw new Error(`unknown library kind ${spec.kind}`);
  return loader(spec.url);
}
