/**
 * A public entry as users import it: by the package's name, which Node resolves to this package itself, through
 * package.json `exports` (dist/bundle/node on Node, built by `npm run bench` first). The name is built at run time
 * so the type checker does not need dist/; the types are the sources'.
 */
export function entry<T>(name: string): Promise<T> {
  const specifier = `switchboard/${name}`;
  return import(specifier) as Promise<T>;
}
