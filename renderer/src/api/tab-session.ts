// The explorer session id of this browser tab: kept in sessionStorage, so a reload keeps the tab's sources. The
// event socket names it (browser mode), so the backend knows the session is still wanted while the tab is open.
const STORAGE_KEY = 'auditscope.logs.session';

export function sessionIdForThisTab(): string {
  let id = sessionStorage.getItem(STORAGE_KEY);
  if (!id || !/^[A-Za-z0-9-]{8,64}$/.test(id)) {
    id = crypto.randomUUID();
    sessionStorage.setItem(STORAGE_KEY, id);
  }
  return id;
}
