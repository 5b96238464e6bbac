/** A tiny in-memory GitHub REST API (issues, comments, pulls) for testing workflow commands without the network. */
import { createServer, type Server } from 'node:http';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: { id: number; body: string; user: { login: string; type: string } }[];
  head_sha?: string;
}

export interface FakeGitHub {
  url: string;
  issues: FakeIssue[];
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeGitHub(repository = 'loop-leeds/loop', pageSize = 100): Promise<FakeGitHub> {
  const issues: FakeIssue[] = [];
  const requests: string[] = [];
  let nextComment = 1000;
  const prefix = `/repos/${repository}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(data));
      };
      if (req.headers.authorization !== 'Bearer test-token') return send(401, { message: 'Bad credentials' });
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : null;
      if (path === null) return send(404, { message: 'Not Found' });
      const paginate = (items: unknown[]) => {
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = items.slice((page - 1) * pageSize, page * pageSize);
        const headers: Record<string, string> = {};
        if (page * pageSize < items.length) {
          const next = new URL(url.toString());
          next.searchParams.set('page', String(page + 1));
          headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`;
        }
        send(200, slice, headers);
      };
      let m: RegExpExecArray | null;
      if (req.method === 'GET' && path === '/issues') {
        const label = url.searchParams.get('labels');
        const state = url.searchParams.get('state') ?? 'open';
        return paginate(issues.filter((i) => (!label || i.labels.includes(label)) && (state === 'all' || i.state === state)));
      }
      if (req.method === 'POST' && path === '/issues') {
        const issue: FakeIssue = { number: issues.length + 1, title: String(body.title), body: String(body.body), state: 'open', labels: (body.labels as string[]) ?? [], comments: [] };
        issues.push(issue);
        return send(201, issue);
      }
      if ((m = /^\/issues\/(\d+)$/.exec(path)) && req.method === 'PATCH') {
        const issue = issues.find((i) => i.number === Number(m![1]));
        if (!issue) return send(404, {});
        Object.assign(issue, body);
        return send(200, issue);
      }
      if ((m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
        const issue = issues.find((i) => i.number === Number(m![1]));
        if (!issue) return send(404, {});
        if (req.method === 'GET') return paginate(issue.comments);
        const comment = { id: nextComment++, body: String(body.body), user: { login: 'github-actions[bot]', type: 'Bot' } };
        issue.comments.push(comment);
        return send(201, comment);
      }
      if ((m = /^\/issues\/comments\/(\d+)$/.exec(path)) && req.method === 'PATCH') {
        const comment = issues.flatMap((i) => i.comments).find((c) => c.id === Number(m![1]));
        if (!comment) return send(404, {});
        comment.body = String(body.body);
        return send(200, comment);
      }
      if ((m = /^\/pulls\/(\d+)$/.exec(path)) && req.method === 'GET') {
        const issue = issues.find((i) => i.number === Number(m![1]));
        if (!issue?.head_sha) return send(404, {});
        return send(200, { number: issue.number, head: { sha: issue.head_sha } });
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, issues, requests, close: () => new Promise((r) => server.close(() => r())) };
}
