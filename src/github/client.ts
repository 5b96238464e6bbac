/**
 * The handful of GitHub REST calls LOOP's workflows make (issues and comments). Plain fetch, no SDK: the token,
 * repository and API URL come from the Actions environment, so tests point it at a local fake.
 */

export interface GitHubIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  pull_request?: unknown;
}

export interface GitHubComment {
  id: number;
  body: string | null;
  user?: { login: string; type?: string } | null;
}

export class GitHubError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface GitHubOptions {
  token: string;
  /** owner/name */
  repository: string;
  apiUrl?: string;
}

export class GitHub {
  private readonly token: string;
  private readonly repository: string;
  private readonly apiUrl: string;

  constructor(options: GitHubOptions) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) throw new Error(`"${options.repository}" is not owner/name`);
    this.token = options.token;
    this.repository = options.repository;
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  }

  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): GitHub {
    const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
    if (!token) throw new Error('GITHUB_TOKEN is not set');
    if (!env.GITHUB_REPOSITORY) throw new Error('GITHUB_REPOSITORY is not set (owner/name)');
    return new GitHub({ token, repository: env.GITHUB_REPOSITORY, ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}) });
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<{ data: T; next?: string }> {
    const url = path.startsWith('http') ? path : `${this.apiUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${this.token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'loop-leeds',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new GitHubError(response.status, `GitHub ${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    const data = (response.status === 204 ? undefined : await response.json()) as T;
    return next ? { data, next } : { data };
  }

  private async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: { data: T[]; next?: string } = await this.request<T[]>('GET', next);
      out.push(...page.data);
      next = page.next;
    }
    return out;
  }

  private repo(path: string): string {
    return `/repos/${this.repository}${path}`;
  }

  async issuesWithLabel(label: string, state: 'open' | 'closed' | 'all' = 'all'): Promise<GitHubIssue[]> {
    const issues = await this.all<GitHubIssue>(this.repo(`/issues?labels=${encodeURIComponent(label)}&state=${state}&per_page=100`));
    return issues.filter((i) => !i.pull_request);
  }

  async createIssue(title: string, body: string, labels: string[]): Promise<GitHubIssue> {
    return (await this.request<GitHubIssue>('POST', this.repo('/issues'), { title, body, labels })).data;
  }

  async updateIssue(number: number, changes: { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' }): Promise<GitHubIssue> {
    return (await this.request<GitHubIssue>('PATCH', this.repo(`/issues/${number}`), changes)).data;
  }

  async comments(issueNumber: number): Promise<GitHubComment[]> {
    return this.all<GitHubComment>(this.repo(`/issues/${issueNumber}/comments?per_page=100`));
  }

  async createComment(issueNumber: number, body: string): Promise<GitHubComment> {
    return (await this.request<GitHubComment>('POST', this.repo(`/issues/${issueNumber}/comments`), { body })).data;
  }

  async updateComment(id: number, body: string): Promise<GitHubComment> {
    return (await this.request<GitHubComment>('PATCH', this.repo(`/issues/comments/${id}`), { body })).data;
  }

  async pullHeadSha(number: number): Promise<string> {
    return (await this.request<{ head: { sha: string } }>('GET', this.repo(`/pulls/${number}`))).data.head.sha;
  }
}
