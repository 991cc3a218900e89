// What the simulated cluster's API server sees, one request at a time: the mix of kubelets, controllers, add-ons,
// people, CI and probes, each request with its verb, URI, object, outcome, latency, level and bodies.
//
// Share of requests (distinct audit IDs): system reads 58 % (get/list/watch by kubelets, controllers, the
// scheduler, DNS, kube-proxy, monitoring, ingress, cert-manager, Argo CD, the API server itself), node lease renewals
// 10 %, leader election 4 %, system writes 9 % (pod and node status, endpoint slices, events, bindings, tokens,
// reviews), people's and CI's writes 10 %, their reads 4 %, non-resource URLs 5 %, failed logins now and then.
import type { Cluster } from './cluster.ts';
import { ControlPlaneTraffic } from './control-plane.ts';
import { PeopleTraffic } from './people.ts';
import { type Random, Weighted } from './random.ts';
import { RequestRecorder, type AuditRequest } from './recorded-request.ts';
import { Simulation, type Draft } from './simulation.ts';

export type { AuditRequest } from './recorded-request.ts';

/** Relative weights of the kinds of traffic (share of requests). */
export interface TrafficMix {
  systemReads: number;
  nodeLeases: number;
  leaderElection: number;
  systemWrites: number;
  peopleWrites: number;
  peopleReads: number;
  nonResource: number;
  failedLogins: number;
}

/** A busy production cluster, where the control plane's own traffic dwarfs what people do. */
export const CLUSTER_MIX: TrafficMix = {
  systemReads: 58,
  nodeLeases: 10,
  leaderElection: 4,
  systemWrites: 9,
  peopleWrites: 10,
  peopleReads: 4,
  nonResource: 5,
  failedLogins: 0.05,
};

export interface TrafficOptions {
  mix: TrafficMix;
  /** CRDs and dashboard ConfigMaps of 100 KB and more, as real clusters have now and then. */
  bigBodies: boolean;
}

export class Traffic {
  private readonly sim: Simulation;
  private readonly recorder: RequestRecorder;
  private readonly mix: Weighted<() => Draft>;

  constructor(random: Random, cluster: Cluster, options: TrafficOptions) {
    this.sim = new Simulation(random, cluster);
    this.recorder = new RequestRecorder(random);
    const controlPlane = new ControlPlaneTraffic(this.sim);
    const people = new PeopleTraffic(this.sim, options.bigBodies);
    const mix = options.mix;
    this.mix = new Weighted<() => Draft>([
      [mix.systemReads, () => controlPlane.systemRead()],
      [mix.nodeLeases, () => controlPlane.nodeLease()],
      [mix.leaderElection, () => controlPlane.leaderElection()],
      [mix.systemWrites, () => controlPlane.systemWrite()],
      [mix.peopleWrites, () => people.personWrite()],
      [mix.peopleReads, () => people.personRead()],
      [mix.nonResource, () => people.nonResource()],
      [mix.failedLogins, () => people.failedLogin()],
    ]);
  }

  /** The next request, arriving at timeUs (microseconds since the epoch). */
  next(timeUs: number): AuditRequest {
    this.sim.setTime(timeUs);
    return this.recorder.record(this.mix.pick(this.sim.random)());
  }
}
