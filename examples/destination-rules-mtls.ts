// DestinationRules that require Istio mutual TLS towards every Bookinfo service
// (Istio's destination-rule-all-mtls.yaml).
import { App } from 'cdk8s';
import { TlsMode } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  bookinfoBase(app, { tlsMode: TlsMode.ISTIO_MUTUAL });
}
