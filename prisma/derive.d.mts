// Types for derive.mjs (plain JavaScript so that `npm install` can run it before compiling).

export type Provider = 'sqlite' | 'postgresql';

export interface ProviderInfo {
  readonly provider: Provider;
  /** The folder under prisma/ holding the provider's schema and migrations. */
  readonly dir: 'sqlite' | 'postgres';
  readonly label: 'SQLite' | 'PostgreSQL';
}

export const PROVIDERS: readonly ProviderInfo[];
export function providerInfo(provider: Provider): ProviderInfo;
export function deriveProviderSchema(source: string, provider: Provider): string;
