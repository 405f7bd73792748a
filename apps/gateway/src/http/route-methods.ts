/**
 * The methods each registered path answers, for the `Allow` header of a 405: Fastify's router answers a known
 * path asked with another method as an unknown route, so the gateway keeps its own table of the route patterns.
 */
export class RouteMethods {
  private readonly routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];

  /** A route as Fastify registers it: `/users/:id`, `/users::search` (an escaped colon), `/docs/*`. */
  add(methods: string | string[], url: string): void {
    const pattern = patternOf(url);
    let route = this.routes.find((candidate) => candidate.pattern.source === pattern.source);
    if (!route) {
      route = { pattern, methods: new Set() };
      this.routes.push(route);
    }
    for (const method of Array.isArray(methods) ? methods : [methods]) route.methods.add(method.toUpperCase());
    // Fastify answers HEAD wherever it answers GET.
    if (route.methods.has('GET')) route.methods.add('HEAD');
  }

  /** The methods some route answers at this URL's path (sorted; empty when no route has the path). */
  allowedAt(url: string): string[] {
    const path = pathOf(url);
    const allowed = new Set<string>();
    for (const route of this.routes)
      if (route.pattern.test(path)) route.methods.forEach((method) => allowed.add(method));
    return [...allowed].sort();
  }
}

/** The path of a request URL as the router sees it: no query string, duplicate slashes collapsed. */
function pathOf(url: string): string {
  return url.split('?')[0].replace(/\/{2,}/g, '/');
}

function patternOf(url: string): RegExp {
  let source = '';
  for (let i = 0; i < url.length; i++) {
    const char = url[i];
    if (char === ':' && url[i + 1] === ':') {
      source += ':';
      i++;
    } else if (char === ':') {
      while (i + 1 < url.length && url[i + 1] !== '/') i++;
      source += '[^/]+';
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
