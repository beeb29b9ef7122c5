import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoApp, BookinfoAppProps } from 'cdk8s-istio';

/** Props of {@link BookinfoChart}. */
export interface BookinfoChartProps extends ChartProps {
  /**
   * Options of the Bookinfo workloads.
   * @default - Istio's Bookinfo as upstream ships it
   */
  readonly bookinfo?: BookinfoAppProps;
}

/** Bookinfo's Services, ServiceAccounts and Deployments. */
export class BookinfoChart extends Chart {
  /** The Bookinfo workloads. */
  public readonly bookinfo: BookinfoApp;

  constructor(scope: Construct, id: string, props: BookinfoChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });
    this.bookinfo = new BookinfoApp(this, 'Bookinfo', props.bookinfo);
  }
}
