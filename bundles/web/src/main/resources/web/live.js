// Live updates: one EventSource on /api/v1/events (the session cookie goes with it), its events
// handed to whoever listens. The browser reconnects by itself; a reconnect after a gap tells the
// listeners to reload, since events sent meanwhile are lost.
import { BASE } from './api.js';

/** The topics the platform posts (their TOPIC constants), and the stream's own end-of-session event. */
export const TOPICS = [
  'org/mobitopolo/vm/STATE',
  'org/mobitopolo/vm/ADDED',
  'org/mobitopolo/vm/REMOVED',
  'org/mobitopolo/migration/PROGRESS',
  'org/mobitopolo/topology/STEP',
  'org/mobitopolo/snapshot/TRANSFER',
  'org/mobitopolo/image/BUILD',
  'org/mobitopolo/experiment/PROGRESS',
  'org/mobitopolo/bench/INTERVAL',
  'org/mobitopolo/bench/RUN',
  'org/mobitopolo/net/COUNTERS',
];

export class Live {
  constructor(indicator, { onEvent, onReconnect, onSessionEnded }) {
    this.indicator = indicator;
    this.onEvent = onEvent;
    this.onReconnect = onReconnect;
    this.onSessionEnded = onSessionEnded;
    this.source = null;
    this.received = 0;
  }

  start() {
    this.stop();
    let opened = false;
    const source = new EventSource(BASE + '/events');
    this.source = source;
    this.show('connecting');
    source.addEventListener('open', () => {
      this.show('live');
      if (opened) {
        this.onReconnect();
      }
      opened = true;
    });
    source.addEventListener('error', () => {
      // CLOSED: the server refused the stream (e.g. 401); otherwise the browser retries
      if (source.readyState === EventSource.CLOSED) {
        this.show('offline');
        this.onSessionEnded();
      } else {
        this.show('reconnecting');
      }
    });
    for (const topic of TOPICS) {
      source.addEventListener(topic, (e) => this.deliver(topic, e.data));
    }
    source.addEventListener('session-ended', () => {
      this.stop();
      this.onSessionEnded();
    });
  }

  deliver(topic, text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return; // not ours
    }
    this.received++;
    this.indicator.dataset.received = String(this.received);
    this.onEvent(topic, data);
  }

  stop() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
    this.show('offline');
  }

  show(state) {
    this.indicator.dataset.state = state;
    this.indicator.textContent = state;
  }
}
