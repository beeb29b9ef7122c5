import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { MeshNamespace, MeshNamespaceProps } from 'cdk8s-istio';

/** Props of {@link NamespaceChart}. */
export interface NamespaceChartProps extends ChartProps {
  /**
   * The namespaces to create, keyed by name.
   * @default - none
   */
  readonly namespaces?: Record<string, MeshNamespaceProps>;
}

/** The demo's namespaces, in a chart of their own so they are applied first. */
export class NamespaceChart extends Chart {
  private readonly _namespaces = new Map<string, MeshNamespace>();

  constructor(scope: Construct, id: string, props: NamespaceChartProps = {}) {
    super(scope, id, props);
    for (const [name, options] of Object.entries(props.namespaces ?? {})) {
      this._namespaces.set(name, new MeshNamespace(this, name, { name, ...options }));
    }
  }

  /** The namespaces of this chart. */
  public get namespaces(): MeshNamespace[] {
    return [...this._namespaces.values()];
  }
}
