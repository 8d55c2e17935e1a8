// The REST API as the dashboard uses it: the session travels in the HttpOnly cookie the browser
// sends by itself; writes repeat the readable CSRF cookie in X-CSRF-Token (double submit).
export const BASE = '/api/v1';

/** A problem+json answer (or any failed request) as an error: its status, title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }

  /** One line for the user, e.g. "403 Forbidden: user 'vic' (viewer) may not POST ...". */
  describe() {
    return `${this.status} ${this.title}${this.detail ? ': ' + this.detail : ''}`;
  }
}

let unauthorized = () => {};

/** Called when a request is refused for want of a session (expired, revoked, logged out elsewhere). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)mobi_csrf=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : '';
}

/**
 * Sends a request; answers the parsed body (null for 204), or throws an ApiError. The body is sent as
 * JSON, or as it is with {@code type} (e.g. a topology file as application/yaml).
 */
export async function api(method, path, body, { quiet401 = false, type = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
  }
  if (body !== undefined) {
    headers['Content-Type'] = type || 'application/json';
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : type ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'Network error', `the runtime did not answer (${e.message})`);
  }
  if (response.status === 204) {
    return null;
  }
  const answered = response.headers.get('Content-Type') || '';
  const data = answered.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    if (response.status === 401 && !quiet401) {
      unauthorized();
    }
    const problem = data && typeof data === 'object' ? data : {};
    throw new ApiError(response.status, problem.title || response.statusText,
      problem.detail || (typeof data === 'string' ? data.slice(0, 200) : ''));
  }
  return data;
}

/** Fetches a non-JSON resource (e.g. an SVG graph) as a Blob, problems thrown as ApiErrors. */
export async function blob(path) {
  const response = await fetch(BASE + path, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.title || response.statusText, problem.detail || '');
  }
  return response.blob();
}

/** A path segment: names come from users and the server, never spliced raw into a URL. */
export const seg = encodeURIComponent;
