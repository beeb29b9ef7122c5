// Parsing of the request's caller and target, shared by simulate() and the CLI.
import { SimulationRequest } from './types';

const NAME = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
const FROM = new RegExp(`^(${NAME})/(${NAME})$`);
const TO = /^([A-Za-z0-9*]([-A-Za-z0-9.]*[A-Za-z0-9])?)(?::(\d{1,5}))?$/;

/** The parts of `from` and `to`; throws with the field, the value and what is allowed. */
export function parseRequestTarget(request: Pick<SimulationRequest, 'from' | 'to'>): { namespace: string; serviceAccount: string; host: string; port?: number } {
  const from = FROM.exec(String(request.from ?? ''));
  if (!from) throw new Error(`request.from must be "namespace/serviceaccount" (lower-case DNS names), got ${JSON.stringify(request.from)}`);
  const to = TO.exec(String(request.to ?? ''));
  const port = to?.[3] === undefined ? undefined : Number(to[3]);
  if (!to || (port !== undefined && (port < 1 || port > 65535))) {
    throw new Error(`request.to must be "host" or "host:port" (a DNS name, a port from 1 to 65535), got ${JSON.stringify(request.to)}`);
  }
  return { namespace: from[1], serviceAccount: from[3], host: to[1].toLowerCase(), port };
}
