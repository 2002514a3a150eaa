// Salesforce Lightning's Open CTI: the softphone in the utility bar. The only Salesforce-specific
// file of the page (Open CTI retires on 2028-02-28; a Salesforce Voice adapter can sit beside it).
// Salesforce loads the softphone with ?sfdcIframeOrigin=<its origin>&mode=Lightning; Open CTI is the
// script <origin>/support/api/<version>/lightning/opencti_min.js, which talks to that window.
const API_VERSION = '62.0';
const LOAD_TIMEOUT_MS = 10000;

/** The Salesforce origin the page was loaded by, when it was (the server's CSP allows that one only). */
export function detect(location) {
  const params = new URLSearchParams(location.search);
  const origin = params.get('sfdcIframeOrigin');
  if (!origin) return null;
  if (params.has('mode') && params.get('mode') !== 'Lightning') return null; // Classic has another API
  let url;
  try {
    url = new URL(origin);
  } catch (e) {
    return null;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
  if (url.origin !== origin.replace(/\/$/, '')) return null; // a bare origin, nothing more
  return { origin: url.origin };
}

export async function connect({ origin }, callbacks = {}) {
  await loadScript(`${origin}/support/api/${API_VERSION}/lightning/opencti_min.js`);
  const cti = window.sforce && window.sforce.opencti;
  if (!cti) throw new Error('Salesforce Open CTI did not start.');
  return new OpenCtiHost(cti, callbacks);
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const timer = setTimeout(() => reject(new Error('Salesforce Open CTI did not load.')), LOAD_TIMEOUT_MS);
    script.src = src;
    script.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    script.onerror = () => {
      clearTimeout(timer);
      reject(new Error('Salesforce Open CTI could not be loaded.'));
    };
    document.head.append(script);
  });
}

/** A Lightning record URL (…/lightning/r/Contact/003…/view) names its record: pop that record itself. */
function recordIdOf(url) {
  const m = /\/lightning\/r\/(?:[A-Za-z0-9_]+\/)?([A-Za-z0-9]{15,18})\/view/.exec(url || '');
  return m ? m[1] : null;
}

class OpenCtiHost {
  constructor(cti, { onError = () => {} }) {
    this.cti = cti;
    this.onError = onError;
  }

  get isInSalesforce() { return true; }

  /** Open CTI answers in a callback: a failure is told to the agent, never thrown into the page. */
  callback(what) {
    return (response) => {
      if (response && response.success === false) {
        const errors = (response.errors || []).map((e) => e.description || e.message || e).join('; ');
        this.onError(`Salesforce: ${what} failed${errors ? `: ${errors}` : ''}.`);
      }
    };
  }

  screenPop(target) {
    const t = typeof target === 'string' ? { url: target } : target || {};
    const types = this.cti.SCREENPOP_TYPE || {};
    const recordId = t.recordId || recordIdOf(t.url);
    if (recordId) {
      this.cti.screenPop({ type: types.SOBJECT || 'sobject', params: { recordId }, callback: this.callback('screen pop') });
    } else if (t.url) {
      // not a Salesforce record (the local CRM): Lightning opens an absolute URL in a tab of its own
      const url = new URL(t.url, window.location.href).href;
      this.cti.screenPop({ type: types.URL || 'url', params: { url }, callback: this.callback('screen pop') });
    } else if (t.search) {
      const callTypes = this.cti.CALL_TYPE || {};
      this.cti.searchAndScreenPop({
        searchParams: t.search, queryParams: '', callType: callTypes.INBOUND || 'inbound', deferred: false,
        callback: this.callback('search'),
      });
    } else {
      return false;
    }
    return true;
  }

  navigate(url) {
    return this.screenPop(url);
  }

  setPanelVisible(visible) {
    this.cti.setSoftphonePanelVisibility({ visible: !!visible, callback: this.callback('showing the softphone') });
  }

  onClickToDial(handler) {
    this.cti.onClickToDial({ listener: (payload) => payload && payload.number && handler(String(payload.number)) });
  }

  enableClickToDial(on) {
    if (on) this.cti.enableClickToDial({ callback: this.callback('click-to-dial') });
    else this.cti.disableClickToDial({ callback: this.callback('click-to-dial') });
  }
}
