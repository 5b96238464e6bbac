/** Types for netlify-redirector (Netlify's rule matcher, compiled to WebAssembly; the package ships none). */
declare module 'netlify-redirector' {
  export interface Request {
    scheme: string;
    host: string;
    path: string;
    query: string;
    getHeader(name: string): string;
    getCookie(name: string): string;
  }
  export interface Match {
    from?: string;
    to?: string;
    status?: number;
    force?: boolean;
    force404?: boolean;
  }
  export interface Matcher {
    match(request: Request): Match | null | undefined;
  }
  export function parsePlain(rules: string, options: Record<string, string>): Promise<Matcher>;
  export function parseJSON(rules: string, options: Record<string, string>): Promise<Matcher>;
  const redirector: { parsePlain: typeof parsePlain; parseJSON: typeof parseJSON };
  export default redirector;
}
