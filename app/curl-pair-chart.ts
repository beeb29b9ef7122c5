import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { DemoCurlPair, DemoCurlPairProps } from 'cdk8s-istio';

/** Props of {@link CurlPairChart}. */
export interface CurlPairChartProps extends ChartProps {
  /**
   * Options of the curl pair.
   * @default - nginx and httpd in `demo`, every 3 s
   */
  readonly curlPair?: DemoCurlPairProps;
}

/** The nginx/httpd curl pair of the seeds, with its namespace, in a chart and file of its own. */
export class CurlPairChart extends Chart {
  /** The curl pair. */
  public readonly curlPair: DemoCurlPair;

  constructor(scope: Construct, id: string, props: CurlPairChartProps = {}) {
    super(scope, id, props);
    this.curlPair = new DemoCurlPair(this, 'CurlPair', props.curlPair);
  }
}
