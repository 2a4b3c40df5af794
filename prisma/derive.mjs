// Derives the per-provider schemas (prisma/sqlite/, prisma/postgres/) from the one source schema.
// Plain JavaScript: `npm install` runs it before anything is compiled; TypeScript reads derive.d.mts.

/** Each provider anwei supports, and the folder under prisma/ holding its schema and migrations. */
export const PROVIDERS = Object.freeze([
  Object.freeze({ provider: 'sqlite', dir: 'sqlite', label: 'SQLite' }),
  Object.freeze({ provider: 'postgresql', dir: 'postgres', label: 'PostgreSQL' }),
]);

export function providerInfo(provider) {
  const info = PROVIDERS.find((p) => p.provider === provider);
  if (!info) throw new Error(`unknown provider "${provider}" (expected ${PROVIDERS.map((p) => p.provider).join(' or ')})`);
  return info;
}

// Top-level `generator x { ... }` / `datasource x { ... }` blocks; their bodies hold no braces.
const BLOCK = /^(generator|datasource)[ \t]+(\w+)[ \t]*\{([^{}]*)\}/gm;

function replaceSetting(body, key, value, where) {
  const line = new RegExp(`^([ \\t]*${key}[ \\t]*=[ \\t]*)"[^"\\n]*"[ \\t]*$`, 'm');
  if (!line.test(body)) throw new Error(`prisma/schema.prisma: the ${where} block has no ${key} = "..." line`);
  return body.replace(line, (_, head) => `${head}"${value}"`);
}

/**
 * The schema for one provider: the source with its datasource provider and generator output rewritten,
 * under a header saying where it came from. Everything else (models, comments) is copied verbatim, so
 * the provider schemas differ from each other only in those two lines and the header.
 */
export function deriveProviderSchema(source, provider) {
  const { dir, label } = providerInfo(provider);
  const blocks = [...source.matchAll(BLOCK)];
  const generators = blocks.filter((b) => b[1] === 'generator');
  const datasources = blocks.filter((b) => b[1] === 'datasource');
  if (generators.length !== 1 || datasources.length !== 1) {
    throw new Error(
      `prisma/schema.prisma must have exactly one generator and one datasource block (found ${generators.length} and ${datasources.length})`,
    );
  }
  if (/^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=/m.test(datasources[0][3])) {
    throw new Error('prisma/schema.prisma: the datasource block must not set a URL; anwei takes it from DATABASE_URL at run time');
  }
  const body = source.replace(BLOCK, (whole, kind, name, inner) => {
    const rewritten =
      kind === 'generator'
        ? replaceSetting(inner, 'output', `../generated/${dir}`, 'generator')
        : replaceSetting(inner, 'provider', provider, 'datasource');
    return `${kind} ${name} {${rewritten}}`;
  });
  const header =
    `// GENERATED from prisma/schema.prisma for ${label} by scripts/prisma-generate.mjs: do not edit.\n` +
    '// Edit prisma/schema.prisma instead, then run `npm run db:migrate -- --name <change>`.\n\n';
  return header + body;
}
