// What opens the simulation panel: the argument of the `adamwLens.simulate` command. The language
// server's CodeLens and quick fix send one built from a detected optimizer (`requestFromSite`); the
// command palette sends none (the seed's setting). Plain JSON, so it crosses the LSP boundary as is.
import type { Convention, OptimizerSite } from '../engine/types';

export interface SimulationRequest {
  /** Catalog id of the optimizer (e.g. `torch.optim.AdamW`), for the panel's title. */
  api?: string;
  /** The optimizer's decay convention: decides which simulator variant is "the user's". */
  convention?: Convention;
  /** α and λ at the call (the reference point ᾱ, λ̄ of the S1 and S2 sweeps). */
  lr?: number;
  weightDecay?: number;
  /** The sweep around the call, when there is one: its distinct α and λ values. */
  sweepLrs?: number[];
  sweepWeightDecays?: number[];
  /** The sweep's (α, λ) pairs as the code runs them, drawn on the user's heatmap. */
  sweepPoints?: { lr: number; weightDecay: number }[];
  /** Language of the source file, for "Copy S2 sweep as code". */
  language?: 'python' | 'typescript' | 'yaml' | 'json' | 'shell';
  /** Where the optimizer is (URI string and 0-based line), to name it in the panel. */
  uri?: string;
  line?: number;
}

/** The request for one detected optimizer; fields the engine could not resolve stay undefined. */
export function requestFromSite(site: OptimizerSite, uri?: string): SimulationRequest {
  const request: SimulationRequest = {
    api: site.api,
    convention: site.convention,
    lr: site.lr.value,
    weightDecay: site.weightDecay.value,
    language: site.language,
    uri,
    line: site.range.start.line,
  };
  if (site.sweep.kind !== 'none') {
    request.sweepLrs = site.sweep.lrs;
    request.sweepWeightDecays = site.sweep.weightDecays;
    request.sweepPoints = site.sweep.points.map(({ lr, weightDecay }) => ({ lr, weightDecay }));
    // A sweep's reference point: its middle α and the λ there, when the call's own values vary.
    const middle = site.sweep.points[Math.floor(site.sweep.points.length / 2)];
    if (request.lr === undefined && middle) request.lr = middle.lr;
    if (request.weightDecay === undefined && middle) request.weightDecay = middle.weightDecay;
  }
  return request;
}
