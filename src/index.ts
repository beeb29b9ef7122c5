export * from './mesh-namespace';
export * from './mesh-service';
export * from './bookinfo-app';
export * from './routing';
export * from './mesh-destination-rule';
export * from './service-routes';
export * from './istio-gateway';
export * from './reviews-canary';
