import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { Principal } from './principal';

interface RequestContextStore {
  request: IncomingMessage;
  principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

/** Who is acting and in which request, for the audit log, without passing it through every call. */
export const RequestContext = {
  run<T>(request: IncomingMessage, next: () => T): T {
    return storage.run({ request }, next);
  },

  setPrincipal(principal: Principal | undefined): void {
    const store = storage.getStore();
    if (store) store.principal = principal;
  },

  principal(): Principal | undefined {
    return storage.getStore()?.principal;
  },

  requestId(): string | undefined {
    const id = storage.getStore()?.request.id;
    return id === undefined ? undefined : String(id);
  },
};
