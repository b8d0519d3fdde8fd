import { Engine, JixiaoError, validateScheme } from "jixiao";

type Scheme = ConstructorParameters<typeof Engine>[0];

export function totals(scheme: Scheme, people: Record<string, unknown>[]): string[] {
  if (!validateScheme(scheme).ok) return [];
  return new Engine(scheme).evaluate({ people }).results.map((r) => String(r.total));
}

export const isJixiaoError = (e: unknown): e is JixiaoError => e instanceof JixiaoError;
