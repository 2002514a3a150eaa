// One recording or voicemail as the page plays it: an <audio controls> on its signed link (same
// origin, so the CSP's media-src 'self' covers it) with Download, or "Processing…" until the MP3 is
// written (the READY event redraws it).
import { h, icon } from '../dom.js';

export const KIND_LABELS = { CALL: 'Recorded call', VOICEMAIL: 'Voicemail' };

/**
 * A signed link on this page's origin. The server signs links with its configured public URL, whose
 * host or port may differ from the ones the page was loaded from (a proxy, 127.0.0.1 vs localhost),
 * and the page's CSP plays media from its own origin only; the signature covers id and expiry, not
 * the host.
 */
export function onThisOrigin(link) {
  if (!link) return link;
  try {
    const url = new URL(link, window.location.href);
    return url.pathname.startsWith('/api/') ? url.pathname + url.search : link;
  } catch (e) {
    return link;
  }
}

export function isReady(recording) {
  return String(recording.status).toUpperCase() === 'READY' && !!recording.audioUrl;
}

export function isVoicemail(recording) {
  return String(recording.kind).toUpperCase() === 'VOICEMAIL';
}

/**
 * The player of {@code recording}; {@code onPlay} runs the first time it starts playing (the inbox
 * marks it heard). {@code autoplay} starts it at once (Play in the inbox list).
 */
export function player(recording, { onPlay, autoplay = false, idPrefix = 'recording' } = {}) {
  const id = `${idPrefix}-${recording.id}`;
  const status = String(recording.status || '').toUpperCase();
  if (status === 'FAILED') {
    return h('div', { id, class: 'player failed', role: 'status' }, icon('alert'),
      h('span', { text: 'This recording could not be processed.' }));
  }
  if (!isReady(recording)) {
    return h('div', { id, class: 'player processing', role: 'status', dataset: { status } },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { text: 'Processing…' }));
  }
  const label = `${KIND_LABELS[String(recording.kind).toUpperCase()] || 'Recording'} from ${recording.from || 'unknown caller'}`;
  const audio = h('audio', { id: `${id}-audio`, class: 'audio', controls: true, preload: 'metadata', src: onThisOrigin(recording.audioUrl),
    'aria-label': label, autoplay: autoplay || undefined });
  if (onPlay) audio.addEventListener('play', () => onPlay(recording), { once: true });
  return h('div', { id, class: 'player', dataset: { status } }, audio,
    recording.downloadUrl
      ? h('a', { id: `${id}-download`, class: 'btn btn-small', href: onThisOrigin(recording.downloadUrl), download: '',
        title: 'Download the MP3', 'aria-label': `Download ${label}` }, icon('download'), 'Download')
      : null);
}
