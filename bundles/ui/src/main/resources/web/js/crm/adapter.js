// The CRM host: whatever window shows the agent's CRM records. The softphone asks it for every
// screen pop, post-call navigation, click-to-dial and panel change, and never asks which CRM it is.
// A host offers:
//   isInSalesforce            the page runs inside a Salesforce (Lightning) window
//   screenPop(target)         show a record: a url string or {url, recordId, search}
//   navigate(url)             after a call: go to the record (contact, case, call log)
//   setPanelVisible(visible)  open (or close) the softphone panel the page lives in
//   onClickToDial(handler)    handler(number) when the agent clicks a phone number in the CRM
//   enableClickToDial(on)     whether phone numbers in the CRM dial
// Adapters besides the standalone one sit in HOSTS: each has detect(location) → options | null and
// connect(options, callbacks) → host. A Salesforce Voice adapter would be one more entry.
import * as openCti from './opencti.js';

const HOSTS = [openCti];

/** The window (or tab) the standalone softphone opens records in: reused, so one CRM tab follows the calls. */
export const CRM_WINDOW = 'switchboard-crm';

/** The softphone on its own (the local CRM, or a CRM in another tab): records open in one named window. */
export class StandaloneHost {
  /** @param onBlocked(url) the browser refused the window (pop-ups blocked): offer the link instead */
  constructor({ onBlocked = () => {} } = {}) {
    this.onBlocked = onBlocked;
  }

  get isInSalesforce() { return false; }

  screenPop(target) {
    return this.open(typeof target === 'string' ? target : target && target.url);
  }

  navigate(url) {
    return this.open(url);
  }

  setPanelVisible() {}

  onClickToDial() {}

  enableClickToDial() {}

  open(url) {
    if (!url) return false;
    // no noopener: the record pages are this server's own, and a window opened this way starts
    // with a copy of this tab's sessionStorage, so they are signed in as the agent
    const opened = window.open(url, CRM_WINDOW);
    if (!opened) {
      this.onBlocked(url);
      return false;
    }
    return true;
  }
}

/**
 * The host the page runs in: the first adapter that recognises the page's URL, else standalone.
 * An adapter that fails to start (its script unreachable) leaves the softphone working standalone.
 */
export async function connectHost(location, callbacks = {}) {
  for (const adapter of HOSTS) {
    const options = adapter.detect(location);
    if (!options) continue;
    try {
      return await adapter.connect(options, callbacks);
    } catch (e) {
      if (callbacks.onError) callbacks.onError(e.message || String(e));
    }
  }
  return new StandaloneHost(callbacks);
}
