import { createHash } from 'node:crypto';
import pg from 'pg';
import type { ChangeBus } from './changeBus.js';
import { RESYNC_TOPIC } from './types.js';
import type { StoreLogger } from './options.js';

/** The NOTIFY channel of one schema: schemas sharing a database do not hear each other. */
export function changeChannel(schema: string): string {
  return `gatehouse_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/**
 * A notification's payload: the topic, the payload and the node that published it, as one JSON
 * array. The publishing node has already delivered the change to itself (at commit), so its
 * listener skips its own notifications.
 */
export function encodeChange(topic: string, payload: string, origin: string): string {
  return JSON.stringify([topic, payload, origin]);
}

function decodeChange(text: string): [topic: string, payload: string, origin: string | undefined] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1], typeof value[2] === 'string' ? value[2] : undefined];
    }
  } catch {
    // not ours
  }
  return undefined;
}

/** Options of {@link startPgListener}. */
export interface PgListenerOptions {
  connectionString: string;
  channel: string;
  bus: ChangeBus;
  /** This node's id in the notifications it publishes ({@link encodeChange}). */
  origin: string;
  logger?: StoreLogger | undefined;
}

/** The dedicated LISTEN connection of one node. */
export interface PgListener {
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5000;

/**
 * Opens one client that LISTENs on `channel` and delivers each notification to `bus`. When the
 * connection drops it reconnects with backoff and then delivers {@link RESYNC_TOPIC}, since
 * changes made meanwhile were missed. Resolves once the first LISTEN is in place.
 */
export async function startPgListener(options: PgListenerOptions): Promise<PgListener> {
  const { connectionString, channel, bus, origin, logger } = options;
  let current: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;

  const drop = (client: pg.Client, reason: string): void => {
    if (current !== client) return;
    current = undefined;
    client.end().catch(() => {});
    if (closed) return;
    logger?.info({ reason }, 'change listener disconnected; reconnecting');
    schedule();
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString });
    client.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      const change = decodeChange(message.payload);
      if (change !== undefined && change[2] !== origin) bus.deliver(change[0], change[1]);
    });
    client.on('error', (error) => drop(client, error.message));
    client.on('end', () => drop(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await client.end();
      return;
    }
    current = client;
  };

  const schedule = (): void => {
    timer = setTimeout(() => {
      connect().then(
        () => {
          retryMs = FIRST_RETRY_MS;
          logger?.info({}, 'change listener reconnected');
          bus.deliver(RESYNC_TOPIC, '');
        },
        () => {
          retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
          if (!closed) schedule();
        },
      );
    }, retryMs);
    timer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const client = current;
      current = undefined;
      if (client !== undefined) await client.end().catch(() => {});
    },
  };
}
