import type { Client } from '@xmpp/client-core';
import type { Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';

/**
 * Upstream fires 'online' at bind, before it sends <enable/>; this settles once the server
 * answered that <enable/> (or at once when the server did not offer SM after authentication).
 */
export function trackSmNegotiation(entity: Client): () => Promise<void> {
  let offered = false;
  let settled: Promise<void> = Promise.resolve();
  entity.on('nonza', (el: Element) => {
    if (el.is('features', NS.streams)) offered = !!el.getChild('sm', NS.sm);
  });
  entity.on('online', () => {
    if (!offered) {
      settled = Promise.resolve();
      return;
    }
    settled = new Promise<void>((resolve) => {
      const onNonza = (el: Element): void => {
        if (!el.is('enabled', NS.sm) && !el.is('failed', NS.sm)) return;
        entity.off('nonza', onNonza);
        entity.off('disconnect', onGone);
        // Upstream marks SM enabled in promise callbacks queued by this same element.
        setImmediate(resolve);
      };
      // Settling on a lost socket lets the session report the loss instead of waiting.
      const onGone = (): void => {
        entity.off('nonza', onNonza);
        resolve();
      };
      entity.on('nonza', onNonza);
      entity.once('disconnect', onGone);
    });
  });
  return () => settled;
}
