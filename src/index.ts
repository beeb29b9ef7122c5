export * from './mesh-namespace';
export * from './mesh-service';
export * from './bookinfo-app';
